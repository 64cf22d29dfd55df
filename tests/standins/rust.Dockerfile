# tags: rust:1.83 rust:latest
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends cargo rustc gcc libc6-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
