FROM node:iron
CMD ["node", "server.js"]
