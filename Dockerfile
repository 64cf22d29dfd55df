# syntax=docker/dockerfile:1
# The slimfile CLI as a container image: a static (musl) binary and a CA bundle on an empty
# base, so that `slimfile github` can reach the GitHub API over TLS.
#   docker build -t slimfile .
#   docker run --rm -v "$PWD:/work" -w /work slimfile check

# The rust:alpine images already hold gcc and musl-dev, which ring's C code needs.
FROM rust:1.95-alpine AS build
WORKDIR /src
COPY . .
# The registry and target caches live in BuildKit cache mounts, not in the image; the binary is
# copied out of the mounted target directory.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p slimfile \
    && cp target/release/slimfile /usr/local/bin/slimfile

FROM alpine:3.22 AS certificates
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=certificates /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/bin/slimfile /slimfile
USER 65532:65532
ENTRYPOINT ["/slimfile"]
CMD ["--help"]
