FROM node:chakracore
CMD ["node", "server.js"]
