# Rust web service.
# Builds in release mode so the binary is fast.
FROM rust:1.83 AS builder

WORKDIR /usr/src/hello

COPY Cargo.toml Cargo.lock* ./
RUN mkdir src && touch src/main.rs && cargo fetch && rm -r src
COPY . .
RUN cargo build --release

FROM gcr.io/distroless/cc-debian12 AS runtime
WORKDIR /usr/src/hello
COPY --from=builder /usr/src/hello/target/release/hello /usr/src/hello/target/release/hello

EXPOSE 8080

# Run the compiled binary straight out of target/
CMD ["./target/release/hello"]
