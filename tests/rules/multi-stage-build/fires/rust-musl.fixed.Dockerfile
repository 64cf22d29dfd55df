FROM rust:1.83-alpine AS builder
RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN cargo build --release --bin api

FROM gcr.io/distroless/static-debian12 AS runtime
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
WORKDIR /build
COPY --from=builder /build/target/release/api /build/target/release/api
CMD ["/build/target/release/api"]
