FROM python:3.12-slim
ADD requirements.txt app.py /app/
add --chown=app:app static/ /app/static/
ADD conf/*.conf /etc/app/
