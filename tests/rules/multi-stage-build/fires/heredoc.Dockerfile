# syntax=docker/dockerfile:1
FROM golang:1.23
WORKDIR /app
COPY . .
RUN <<EOT
set -e
go vet ./...
EOT
RUN go build -o /usr/local/bin/app .
CMD ["app"]
