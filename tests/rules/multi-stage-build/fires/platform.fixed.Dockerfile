FROM --platform=$BUILDPLATFORM golang:1.22 AS build
WORKDIR /app
COPY go.mod go.sum* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /app/server .

FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12 AS runtime
# slimfile: assumes the build context is unknown, so slimfile could not read go.mod or look for C source: /app/server is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/cc
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
WORKDIR /app
COPY --from=build /app/server /app/server
CMD ["/app/server"]
