FROM rust:1.79 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release
FROM build
# moved by CARGO_HOME
ENV CARGO_HOME=/opt/cargo
RUN --mount=type=cache,target=/opt/cargo/registry cargo install ripgrep
