FROM golang:1.22 AS build
# unverified, even in a builder stage
ADD https://example.com/tools/protoc-gen-go /usr/local/bin/protoc-gen-go
FROM debian:bookworm-slim
ADD https://nodejs.org/dist/v20.15.0/node-v20.15.0-linux-x64.tar.xz /tmp/
RUN tar -xJf /tmp/node-v20.15.0-linux-x64.tar.xz -C /usr/local --strip-components=1
# a checksum does not keep the package out of the layer
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/pkg/tool_1.0_amd64.deb /tmp/tool.deb
ADD --chmod=755 https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
