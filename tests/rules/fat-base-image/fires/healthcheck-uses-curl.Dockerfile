FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1
CMD ["node", "server.js"]
