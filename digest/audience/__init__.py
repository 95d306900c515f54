"""What subscribers do themselves: subscribe, confirm, leave, pause, choose an edition.

notices renders the transactional emails they receive (the double opt-in confirmation).
"""
