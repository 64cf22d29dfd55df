# fixture: dockerignore=absent
FROM node:20-slim AS build
COPY package.json package-lock.json ./
COPY src/ ./src/
FROM node:20-slim
COPY --from=build . /app
# slimfile ignore=copy-context-without-dockerignore
COPY . /also-ignored
