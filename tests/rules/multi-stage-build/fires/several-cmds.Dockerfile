FROM golang:1.22
WORKDIR /app
CMD ["echo", "overridden"]
COPY . .
RUN go build -o /app/server .
# The real command
CMD ["/app/server", "--port", "8080"]
