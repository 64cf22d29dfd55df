# trixie's `apt-get dist-clean` removes the package lists, as the official images use it.
FROM debian:trixie-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
# for the certificates
		ca-certificates \
	; \
	apt-get dist-clean
