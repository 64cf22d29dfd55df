# Python web app with a small C extension (fastsum).
FROM python:3.12 AS builder
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

# Compiler and headers so pip can build fastsum
RUN apt-get update && apt-get install -y gcc python3-dev

WORKDIR /app

COPY requirements.txt ./
COPY fastsum ./fastsum
RUN pip install -r requirements.txt
COPY . .

FROM python:3.12-slim AS runtime
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app

EXPOSE 8000

CMD ["python", "app.py"]
