ARG GO_VERSION=1.22
FROM golang:${GO_VERSION}
ARG APP_VERSION=dev
ENV VERSION=${APP_VERSION}
WORKDIR /app
COPY . .
RUN go build -ldflags "-X main.version=${APP_VERSION}" -o /app/bin/server ./cmd/server
CMD ["/app/bin/server"]
