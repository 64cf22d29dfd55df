FROM rust:1.83-alpine
RUN apk add --no-cache musl-dev
WORKDIR /build
COPY . .
RUN cargo build --release --bin api
CMD ["/build/target/release/api"]
