FROM node:20-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build
FROM node:20-slim
ARG NODE_ENV=production
ENV BUNDLE_WITHOUT="development test"
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
RUN npm ci
RUN bundle install
RUN composer install --no-dev && pnpm install --prod && uv sync --no-dev
RUN poetry install --only main && pip install -r requirements.txt
# slimfile ignore=dev-dependencies-in-runtime
RUN yarn
CMD ["node", "dist/server.js"]
