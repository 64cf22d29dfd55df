# fixture: dockerignore=present
FROM node:20-slim
COPY . .
