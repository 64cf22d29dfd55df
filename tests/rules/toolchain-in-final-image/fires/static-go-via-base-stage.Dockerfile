# The toolchain image ships through the stage the final one is built FROM.
FROM golang:1.22-alpine AS base
ENV CGO_ENABLED=0
WORKDIR /src
FROM base
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app
ENTRYPOINT ["app"]
