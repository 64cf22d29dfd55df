FROM python:3.12-alpine
# Grouped under a virtual name, but never deleted.
RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev && pip install --no-cache-dir cffi
