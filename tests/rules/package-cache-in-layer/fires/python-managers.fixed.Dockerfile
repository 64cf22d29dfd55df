FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir uv poetry
RUN uv --directory /app pip install --no-cache --system -r requirements.txt
RUN uv sync --no-cache --frozen --no-dev
RUN poetry install --only main --no-root && rm -rf /root/.cache/pypoetry/cache /root/.cache/pypoetry/artifacts
