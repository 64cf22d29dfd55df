FROM python:3.11-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV PYTHONUNBUFFERED=1
HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1
CMD gunicorn -b 0.0.0.0:8000 app:app
