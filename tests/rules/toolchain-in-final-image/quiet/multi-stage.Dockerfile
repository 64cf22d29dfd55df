FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN go build -o /out/server .

FROM node:20 AS assets
WORKDIR /web
COPY web/ .
RUN npm ci && npm run build

FROM gcr.io/distroless/base-debian12
COPY --from=build /out/server /server
COPY --from=assets /web/dist /static
CMD ["/server"]
