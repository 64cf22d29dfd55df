FROM node:18-bookworm AS builder
ENV NODE_ENV=development
WORKDIR /home/node/app
COPY --chown=node:node package.json yarn.lock* ./
RUN yarn install --frozen-lockfile
COPY --chown=node:node . .
RUN yarn run build
RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline

FROM node:18-bookworm-slim AS runtime
# slimfile: assumes yarn is Yarn 1 (classic), the one the node images ship
ENV NODE_ENV=development
WORKDIR /home/node/app
COPY --from=builder /home/node/app /home/node/app
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s CMD node healthcheck.js
CMD ["node", "build/index.js"]
