FROM quay.io/team/builder:1.4 AS build
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out /app
