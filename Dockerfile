# One image for every process: worker, beat, web and flower, differing only by command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY digest ./digest
COPY worker ./worker
COPY templates ./templates
# Editable, so the templates/ folder beside the code is the one the renderer reads.
RUN pip install -e '.[monitor]' && useradd --create-home digest && mkdir -p /data && chown digest /data
USER digest
ENV DIGEST_DATA_DIR=/data DIGEST_OUTBOX_DIR=/data/outbox
CMD ["celery", "-A", "worker", "worker", "--loglevel=INFO"]
