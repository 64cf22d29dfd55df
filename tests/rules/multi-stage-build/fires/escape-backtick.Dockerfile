# escape=`
FROM golang:1.22
WORKDIR /app
COPY . .
RUN go build `
    -o /out/app .
CMD ["/out/app"]
