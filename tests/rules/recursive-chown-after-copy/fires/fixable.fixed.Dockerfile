FROM node:20-slim
WORKDIR /app
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node . .
COPY --chmod=0755 scripts /opt/scripts
RUN echo ready
USER node
