FROM python:3.12-slim
COPY requirements.txt app.py /app/
copy --chown=app:app static/ /app/static/
COPY conf/*.conf /etc/app/
