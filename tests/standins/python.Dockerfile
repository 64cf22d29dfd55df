# tags: python:3.12
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv python3-dev python-is-python3 gcc libc6-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The CAs the host trusts beyond Debian's (scripts/verify-builds puts them here; none on most
# machines), so that a TLS-inspecting proxy in front of the package registry is trusted too.
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
# uv reads its own CA roots unless told to use the system's bundle, which holds those CAs.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
# The real image's pip installs into its own Python; Debian's refuses (PEP 668) unless told.
RUN rm -f /usr/lib/python3*/EXTERNALLY-MANAGED
