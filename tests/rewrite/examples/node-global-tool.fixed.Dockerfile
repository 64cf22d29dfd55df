# Static site served by a globally installed tool.
FROM node:20 AS builder

WORKDIR /app

COPY package.json package-lock.json* npm-shrinkwrap.json* .npmrc* ./

# Build the site, and install the server that serves it (globally: it is not in package.json)
RUN npm install
COPY . .
RUN npm install -g serve@14.2.4 && npm run build

FROM node:20-slim AS runtime
RUN npm install -g serve@14.2.4 && npm cache clean --force
WORKDIR /app
COPY --from=builder /app /app

EXPOSE 3000

CMD ["serve", "-s", "public", "-l", "3000"]
