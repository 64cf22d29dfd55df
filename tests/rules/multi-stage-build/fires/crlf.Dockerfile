FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
EXPOSE 8080
CMD ["node", "dist/main.js"]
