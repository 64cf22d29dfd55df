# A CI image: the toolchain is the product, and nothing is built into it.
FROM golang:1.22
RUN go vet ./... && go test ./...
CMD ["go", "version"]
