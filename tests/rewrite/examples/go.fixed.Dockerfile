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
WORKDIR /app
COPY --from=builder /app/server /app/server

EXPOSE 8080

CMD ["/app/server"]
