FROM debian:bookworm-slim AS build
# a builder stage may download an archive: it does not ship (and it is verified)
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/src.tar.gz /tmp/
FROM debian:bookworm-slim
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 --chmod=755 https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
# Git sources are clones
ADD https://github.com/moby/buildkit.git#v0.14.1 /src/buildkit
ADD rootfs.tar.gz /
ADD app.py /app/
COPY --from=build /tmp/src.tar.gz /opt/
