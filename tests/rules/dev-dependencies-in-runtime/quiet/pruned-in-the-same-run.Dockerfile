FROM node:20-slim
WORKDIR /app
COPY . .
# The layer never keeps the devDependencies: they go before the RUN ends.
RUN npm ci && npm run build && npm prune --omit=dev
RUN yarn install --frozen-lockfile && yarn build && yarn install --production --frozen-lockfile
CMD ["node", "dist/server.js"]
