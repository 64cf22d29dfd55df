ARG BASE=quay.io/team/builder:1.4
FROM ${BASE} AS build
RUN make
FROM golang:1.22 AS tools
FROM build AS test
COPY --from=gcr.io/distroless/static-debian12:nonroot /etc/passwd /etc/passwd
FROM registry.example.com/mirror/debian:12-slim
COPY --from=build /out /app
