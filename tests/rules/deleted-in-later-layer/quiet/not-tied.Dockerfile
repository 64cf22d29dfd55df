FROM debian:bookworm-slim AS build
RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz
# builder stages do not ship
RUN rm /tmp/x.tgz
FROM debian:bookworm-slim
# no WORKDIR: where the download lands is the base image's business
RUN wget https://example.com/tool.deb
RUN rm tool.deb
WORKDIR /app
RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz
# already deleted where it was written
RUN rm -f /tmp/x.tgz
COPY conf.d /etc/nginx/conf.d
# merged into a directory the base image fills: default.conf is the image's
RUN rm /etc/nginx/conf.d/default.conf
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN apt-get update
# the rm cleans what this RUN's own update wrote
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
COPY . .
# the build before the rm may have written it
RUN npm run build && rm -rf /app/.cache
RUN rm -rf "$TMPDIR/x"
COPY vendor.tar /tmp/
# slimfile ignore=deleted-in-later-layer
RUN tar -xf /tmp/vendor.tar -C /app && rm /tmp/vendor.tar
