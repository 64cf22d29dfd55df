FROM rust:1.79 AS build
WORKDIR /src
COPY . .
RUN cargo build --release
FROM build
# moved by CARGO_HOME
ENV CARGO_HOME=/opt/cargo
RUN cargo install ripgrep
