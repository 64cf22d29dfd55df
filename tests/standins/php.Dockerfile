# tags: php:8.3-cli
FROM slimfile-standin/debian:trixie
# Debian's PHP CLI (8.4 on trixie) on PATH, as the real image has its own build.
RUN apt-get update \
 && apt-get install -y --no-install-recommends php-cli ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
