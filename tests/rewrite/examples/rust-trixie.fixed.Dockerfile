# Rust web page served from static/, built on the newest Rust image.
FROM rust:latest AS builder

WORKDIR /srv/page

COPY Cargo.toml Cargo.lock* ./
RUN mkdir src && touch src/main.rs && cargo fetch && rm -r src
COPY . .
RUN cargo build --release

FROM gcr.io/distroless/cc-debian13 AS runtime
WORKDIR /srv/page
COPY --from=builder /srv/page/target/release/page /srv/page/target/release/page
COPY --from=builder /srv/page/static /srv/page/static

EXPOSE 8080

CMD ["./target/release/page"]
