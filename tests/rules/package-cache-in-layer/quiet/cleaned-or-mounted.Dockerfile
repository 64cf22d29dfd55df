# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
RUN pip install -r requirements.txt
FROM python:3.12-slim
RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y --no-install-recommends libpq5
RUN --mount=type=cache,target=/root/.cache pip install flask
RUN apk add --no-cache curl
ENV PIP_NO_CACHE_DIR=1
RUN pip install gunicorn
# slimfile ignore=package-cache-in-layer
RUN pip install uvicorn
