FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
FROM node:20-slim
WORKDIR /app
COPY --from=deps /app .
COPY src/ ./src/
RUN npm ci --omit=dev
