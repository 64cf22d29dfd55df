FROM node:20 AS base
WORKDIR /app

FROM base
RUN git clone --depth 1 https://example.com/app.git .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
