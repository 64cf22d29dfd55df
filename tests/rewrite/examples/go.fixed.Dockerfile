# Build and run the hello service.
# TODO: image is huge, look into slimming it down at some point.
FROM golang:1.22 AS builder

WORKDIR /app

# Copy the source and fetch modules
COPY go.mod go.sum* ./
RUN go mod download
COPY . .

# Build the server binary
RUN CGO_ENABLED=0 go build -o /app/server .

FROM gcr.io/distroless/static-debian12 AS runtime
# slimfile: assumes /app/server is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/base-debian12
WORKDIR /app
COPY --from=builder /app/server /app/server

EXPOSE 8080

CMD ["/app/server"]
