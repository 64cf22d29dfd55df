FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir uv poetry
RUN uv --directory /app pip install --system -r requirements.txt
RUN uv sync --frozen --no-dev
RUN poetry install --only main --no-root
