FROM node:18-bookworm
ENV NODE_ENV=development
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN yarn install --frozen-lockfile
RUN yarn run build
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s CMD node healthcheck.js
CMD ["node", "build/index.js"]
