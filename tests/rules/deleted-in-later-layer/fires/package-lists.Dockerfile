FROM python:3.12-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
FROM base
COPY . /app
# the lists and the tests stay in the layers that wrote them
RUN rm -rf /var/lib/apt/lists/* /app/tests
