FROM python:3.11
ENV POETRY_VIRTUALENVS_IN_PROJECT=1
RUN pip install poetry==1.8.3
WORKDIR /srv
COPY . .
RUN poetry install --only main --no-root
CMD ["/srv/.venv/bin/uvicorn", "api.main:app", "--host", "0.0.0.0"]
