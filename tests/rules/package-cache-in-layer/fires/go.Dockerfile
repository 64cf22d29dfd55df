FROM golang:1.22
WORKDIR /src
COPY . .
# the module cache is already mounted: only the build cache is left
RUN --mount=type=cache,target=/go/pkg/mod go mod download && go build -o /usr/local/bin/app ./cmd/app
CMD ["app"]
