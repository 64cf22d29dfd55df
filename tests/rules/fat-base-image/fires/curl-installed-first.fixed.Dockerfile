FROM python:3.12-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* && curl -fsSLo /usr/local/bin/tini https://example.com/tini
COPY . .
CMD ["python", "app.py"]
