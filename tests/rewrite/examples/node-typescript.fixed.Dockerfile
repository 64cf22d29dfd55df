# Node/TypeScript API server.
FROM node:20 AS builder

WORKDIR /usr/src/app

# Bring in everything and install deps (typescript is needed for the build)
COPY package.json package-lock.json* ./
RUN npm install
COPY . .

# Compile TypeScript -> dist/
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-slim AS runtime
WORKDIR /usr/src/app
COPY --from=builder /usr/src/app /usr/src/app

EXPOSE 3000

CMD ["node", "dist/server.js"]
