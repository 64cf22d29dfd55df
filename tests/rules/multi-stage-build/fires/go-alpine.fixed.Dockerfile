# The article's service, single-stage on the alpine toolchain.
FROM golang:1.22-alpine AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /bin/hello ./cmd/hello

FROM gcr.io/distroless/static-debian12 AS runtime
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
WORKDIR /src
COPY --from=builder /bin/hello /bin/hello
EXPOSE 8080
ENTRYPOINT ["/bin/hello"]
