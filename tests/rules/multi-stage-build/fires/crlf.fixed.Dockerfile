FROM node:20 AS builder
WORKDIR /app
COPY package.json package-lock.json* ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
# slimfile: assumes the package.json scripts the runtime command starts run no globally installed tool: slimfile did not read package.json (no build context, or not at its root), which lowered the confidence; devDependencies are kept for the same reason
WORKDIR /app
COPY --from=builder /app /app
EXPOSE 8080
CMD ["node", "dist/main.js"]
