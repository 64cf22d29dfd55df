FROM node:18-bookworm AS builder
ENV NODE_ENV=development
WORKDIR /home/node/app
COPY --chown=node:node package.json yarn.lock* ./
RUN yarn install --frozen-lockfile
COPY --chown=node:node . .
RUN yarn run build

FROM node:18-bookworm-slim AS runtime
# slimfile: assumes the package.json scripts the runtime command starts run no globally installed tool: slimfile did not read package.json (no build context, or not at its root), which lowered the confidence; devDependencies are kept for the same reason
ENV NODE_ENV=development
WORKDIR /home/node/app
COPY --from=builder /home/node/app /home/node/app
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s CMD node healthcheck.js
CMD ["node", "build/index.js"]
