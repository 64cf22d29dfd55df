# The article's service, single-stage on the alpine toolchain.
FROM golang:1.22-alpine
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /bin/hello ./cmd/hello
EXPOSE 8080
ENTRYPOINT ["/bin/hello"]
