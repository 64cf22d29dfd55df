FROM node
FROM golang:latest AS build
FROM scratch
COPY --from=build /x /x
