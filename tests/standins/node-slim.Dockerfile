# tags: node:20-slim
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The real slim images ship npm (and Yarn 1): a rewrite may repeat a global `npm install -g`
# there. Trust the host's extra CAs too, as the node stand-in does, so that install reaches the
# registry through a TLS-inspecting proxy.
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
