FROM --platform=$BUILDPLATFORM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o /app/server .
CMD ["/app/server"]
