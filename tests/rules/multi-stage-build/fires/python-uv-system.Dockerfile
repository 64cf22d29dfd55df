FROM python:3.12
RUN pip install uv
ENV UV_PROJECT_ENVIRONMENT=/usr/local
WORKDIR /app
COPY . .
RUN uv sync --frozen --no-dev
CMD ["gunicorn", "app:app"]
