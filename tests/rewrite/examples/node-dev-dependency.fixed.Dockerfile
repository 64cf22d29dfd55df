# HTTP service whose entry point requires a package its author listed under devDependencies.
FROM node:20 AS builder

WORKDIR /app

COPY package.json package-lock.json* ./
RUN npm install
COPY . .

FROM node:20-slim AS runtime
WORKDIR /app
COPY --from=builder /app /app

EXPOSE 3000

CMD ["node", "server.js"]
