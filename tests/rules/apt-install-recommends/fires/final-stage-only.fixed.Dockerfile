FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
FROM debian:bookworm-slim
# slimfile: the runtime needs TLS roots
RUN apt-get update && sudo apt install --no-install-recommends -y ca-certificates && rm -rf /var/lib/apt/lists/*
