FROM node:20
WORKDIR /app
ONBUILD COPY . /app
RUN npm install -g serve
CMD ["serve", "-s", "build"]
