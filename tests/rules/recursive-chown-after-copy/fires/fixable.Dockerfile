FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY . .
RUN chown -R node:node /app
COPY scripts /opt/scripts
RUN chmod -R 0755 /opt/scripts && echo ready
USER node
