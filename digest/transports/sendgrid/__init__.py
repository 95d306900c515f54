"""The SendGrid transport: the v3 mail/send request body and the client that sends it."""
