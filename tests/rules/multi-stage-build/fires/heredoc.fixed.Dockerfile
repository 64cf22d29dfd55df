# syntax=docker/dockerfile:1
FROM golang:1.23 AS builder
WORKDIR /app
COPY . .
RUN <<EOT
set -e
go vet ./...
EOT
RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .

FROM gcr.io/distroless/static-debian13 AS runtime
# slimfile: assumes the build context is unknown, so slimfile could not read go.mod or look for C source: /usr/local/bin/app is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/cc
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
WORKDIR /app
COPY --from=builder /usr/local/bin/app /usr/local/bin/app
CMD ["app"]
