FROM rust:1.83-alpine AS builder
RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN cargo build --release --bin api

FROM gcr.io/distroless/static-debian12 AS runtime
WORKDIR /build
COPY --from=builder /build/target/release/api /build/target/release/api
CMD ["/build/target/release/api"]
