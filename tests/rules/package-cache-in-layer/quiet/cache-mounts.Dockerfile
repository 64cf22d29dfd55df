# syntax=docker/dockerfile:1
FROM golang:1.22 AS go
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...
RUN --mount=type=cache,target=/root/.npm npm ci
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y git
RUN --mount=type=tmpfs,target=/var/cache/zypp zypper -n in curl
RUN --mount=type=cache,target=/root/.m2 mvn package
RUN --mount=type=cache,target=/root/.cache/uv uv sync
FROM go
USER node
RUN --mount=type=cache,target=/home/node/.npm,uid=1000 npm ci
ENV YARN_CACHE_FOLDER=/cache/yarn
RUN --mount=type=cache,target=/cache/yarn yarn
