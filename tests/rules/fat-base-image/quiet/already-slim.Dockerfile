FROM python:3.12 AS build
RUN pip wheel --wheel-dir /wheels -r requirements.txt
FROM python:3.12-slim-bookworm
COPY --from=build /wheels /wheels
FROM node:20-alpine AS assets
FROM eclipse-temurin:21-jre
COPY --from=assets /dist /static
