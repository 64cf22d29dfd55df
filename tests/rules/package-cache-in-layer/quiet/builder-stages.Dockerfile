FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app
FROM node:20-slim AS assets
RUN npm ci && npm run build
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
COPY --from=assets /dist /static
