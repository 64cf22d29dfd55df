FROM python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
COPY app.py /app.py
CMD ["python", "/app.py"]
