FROM docker.io/library/debian:bookworm AS base
RUN useradd --create-home app
FROM base
COPY app /usr/local/bin/app
USER app
CMD ["app"]
