FROM python:3.12
WORKDIR /app
RUN curl -sSL https://install.python-poetry.org | python3 -
COPY . .
RUN /root/.local/bin/poetry install --only main
CMD ["python", "app.py"]
