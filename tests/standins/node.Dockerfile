# tags: node:20
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The CAs the host trusts beyond Debian's (scripts/verify-builds puts them here; none on most
# machines), so that a TLS-inspecting proxy in front of the package registry is trusted too.
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
