# tags: golang:1.22
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends golang-go gcc libc6-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Never fetch another Go toolchain: nothing but Debian and the package registries is reachable.
ENV GOTOOLCHAIN=local
