ARG VERSION
FROM node:20-slim AS build
FROM GHCR.IO/team/runtime:2
FROM registry.example.com:5000/app:${VERSION}
COPY --from=build /app /app
COPY --from=ghcr.io/team/assets:1 /assets /assets
FROM scratch
