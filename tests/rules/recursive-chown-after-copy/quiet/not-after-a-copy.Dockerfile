FROM golang:1.22 AS build
COPY . /src
# builder stages do not ship
RUN chown -R nobody /src
FROM debian:bookworm-slim
RUN mkdir -p /data && chown -R nobody:nogroup /data
COPY --chown=nobody:nogroup app /app
RUN chown nobody /app
RUN chmod +x /app/run.sh
COPY config /etc/app
# a path the copy did not write
RUN chown -R nobody /var/log/app
# slimfile ignore=recursive-chown-after-copy
RUN chmod -R 0700 /etc/app
