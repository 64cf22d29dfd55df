FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev python3 \
    && rm -rf /var/lib/apt/lists/*
COPY app /app
CMD ["/app/run"]
