FROM python:3.11 AS builder
ENV POETRY_VIRTUALENVS_IN_PROJECT=1
RUN pip install poetry==1.8.3
WORKDIR /srv
COPY pyproject.toml poetry.lock* ./
RUN poetry install --only main --no-root
COPY . .

FROM python:3.11-slim AS runtime
# slimfile: assumes the image's own Python satisfies pyproject.toml's Python constraint (not read), so poetry builds the virtualenv on it and not on an interpreter the slim runtime lacks
ENV POETRY_VIRTUALENVS_IN_PROJECT=1
WORKDIR /srv
COPY --from=builder /srv /srv
CMD ["/srv/.venv/bin/uvicorn", "api.main:app", "--host", "0.0.0.0"]
