FROM index.docker.io/library/node:20-slim AS deps
FROM docker.io/library/node:20-slim AS build
# slimfile ignore=registry-not-allowed
FROM ghcr.io/team/tools:2 AS tools
FROM ghcr.io/team/runtime:2
RUN --mount=type=bind,from=quay.io/team/assets:1,target=/assets cp -r /assets /srv
