FROM node:20-slim AS build
WORKDIR /app
COPY --chown=node:node package.json package-lock.json* npm-shrinkwrap.json* .npmrc* ./
RUN --mount=type=secret,id=npmrc npm ci
COPY --chown=node:node . .
RUN --mount=type=secret,id=npmrc npm run build
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
