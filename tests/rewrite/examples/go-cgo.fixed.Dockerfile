# Go web page that renders a template from templates/ with a sum computed in C (cgo), through a
# local module replaced in go.mod.
FROM golang:1.22 AS builder

WORKDIR /app

COPY go.mod go.sum* ./
COPY cgosum ./cgosum
RUN go mod download
COPY . .
RUN go build -o /app/server .

FROM gcr.io/distroless/cc-debian12 AS runtime
WORKDIR /app
COPY --from=builder /app/server /app/server
COPY --from=builder /app/templates /app/templates

EXPOSE 8080

CMD ["/app/server"]
