FROM node:20-slim
# slimfile ignore=toolchain-in-final-image
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
CMD ["node", "/app/dist/server.js"]
