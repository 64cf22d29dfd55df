FROM debian:bookworm-slim AS build
# builder stages are not nagged: nothing here ships
RUN apt-get update && apt-get install -y build-essential
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# the install after `-o VALUE` is seen, and that value opts out of recommends
RUN apt-get -o APT::Install-Recommends=false install -y git && rm -rf /var/lib/apt/lists/*
# hadolint ignore=DL3015
RUN apt-get install -y vim
