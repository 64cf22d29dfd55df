FROM debian:bookworm-slim
# `-o` takes the next word as its value: the install after it is still an install
RUN apt-get update \
    && apt-get -o Dpkg::Options::=--force-confold install -y -o Dpkg::Use-Pty=0 curl \
    && rm -rf /var/lib/apt/lists/*
