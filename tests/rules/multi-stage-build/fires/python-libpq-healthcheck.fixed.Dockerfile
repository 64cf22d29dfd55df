FROM python:3.11-bookworm AS builder
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV PYTHONUNBUFFERED=1

FROM python:3.11-slim-bookworm AS runtime
# slimfile: assumes requirements.txt installs nothing from the build context (no `./path`, `-e` or `-r` line): slimfile did not read it; if it does, copy those paths before the install too
ENV PYTHONUNBUFFERED=1
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /srv/app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /srv/app /srv/app
HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1
CMD gunicorn -b 0.0.0.0:8000 app:app
