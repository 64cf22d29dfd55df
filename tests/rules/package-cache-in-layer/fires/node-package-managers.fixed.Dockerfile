FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json yarn.lock ./
# the cleanup goes at the very end, after everything that may still fill the cache
RUN npm ci --omit=dev && npm run build && npm cache clean --force
RUN npm --prefix /opt/tools install -g typescript && npm cache clean --force
RUN yarn --frozen-lockfile && yarn cache clean
