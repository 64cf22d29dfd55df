FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
CMD ["node", "dist/server.js"]
