FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt requirements-dev.txt pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir -r requirements.txt -r requirements-dev.txt
RUN poetry install --no-root
COPY . .
CMD ["gunicorn", "app:app"]
