ARG GO_VERSION=1.22
FROM golang:${GO_VERSION} AS builder
ARG APP_VERSION=dev
ENV VERSION=${APP_VERSION}
WORKDIR /app
COPY go.mod go.sum* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -ldflags "-X main.version=${APP_VERSION}" -o /app/bin/server ./cmd/server

FROM gcr.io/distroless/static-debian12 AS runtime
# slimfile: assumes the build context is unknown, so slimfile could not read go.mod or look for C source: /app/bin/server is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/cc
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
ARG APP_VERSION=dev
ENV VERSION=${APP_VERSION}
WORKDIR /app
COPY --from=builder /app/bin/server /app/bin/server
CMD ["/app/bin/server"]
