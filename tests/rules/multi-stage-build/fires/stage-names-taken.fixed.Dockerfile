# Earlier stages already use the names the rewrite would give its own.
FROM alpine:3.21 AS builder
RUN echo generated > /version

FROM alpine:3.21 AS runtime
RUN echo unused > /unused

FROM golang:1.22 AS builder-2
WORKDIR /app
COPY --from=builder /version /app/version
COPY go.mod go.sum* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /app/server .

FROM gcr.io/distroless/static-debian12 AS runtime-2
# slimfile: assumes the build context is unknown, so slimfile could not read go.mod or look for C source: /app/server is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/cc
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
WORKDIR /app
COPY --from=builder-2 /app/server /app/server
CMD ["/app/server"]
