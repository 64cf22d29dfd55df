FROM node:20-slim AS web
WORKDIR /web
COPY . .
RUN yarn install --frozen-lockfile
FROM rust:1.83-slim AS server
WORKDIR /src
COPY . .
RUN cargo build --release
FROM python:3.12-slim AS worker
WORKDIR /worker
COPY . .
RUN poetry install
FROM debian:bookworm-slim
COPY --from=web /web/dist /srv/web
COPY --from=server /src/target/release/server /usr/local/bin/server
COPY --from=worker /worker /worker
