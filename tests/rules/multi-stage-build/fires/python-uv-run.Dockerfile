FROM python:3.12
RUN pip install uv
WORKDIR /app
COPY . .
RUN uv sync --frozen
CMD ["uv", "run", "python", "main.py"]
