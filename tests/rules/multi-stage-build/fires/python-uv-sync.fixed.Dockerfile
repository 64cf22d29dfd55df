FROM python:3.12 AS builder
COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/
WORKDIR /app
ENV PATH="/app/.venv/bin:$PATH"
COPY . .
RUN uv sync --frozen --no-dev

FROM python:3.12-slim AS runtime
# slimfile: assumes the image's own Python satisfies pyproject.toml's Python constraint (not read), so uv builds the virtualenv on it and not on an interpreter the slim runtime lacks
ENV PATH="/app/.venv/bin:$PATH"
WORKDIR /app
COPY --from=builder /app /app
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi"]
