# The article's service, single-stage on the alpine toolchain.
FROM golang:1.22-alpine AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /bin/hello ./cmd/hello

FROM gcr.io/distroless/static-debian12 AS runtime
WORKDIR /src
COPY --from=builder /bin/hello /bin/hello
EXPOSE 8080
ENTRYPOINT ["/bin/hello"]
