# Earlier stages already use the names the rewrite would give its own.
FROM alpine:3.21 AS builder
RUN echo generated > /version

FROM alpine:3.21 AS runtime
RUN echo unused > /unused

FROM golang:1.22
WORKDIR /app
COPY --from=builder /version /app/version
COPY . .
RUN go build -o /app/server .
CMD ["/app/server"]
