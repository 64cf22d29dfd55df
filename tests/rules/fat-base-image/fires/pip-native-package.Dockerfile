FROM python:3.12
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir mysqlclient==2.2.4
COPY . .
CMD ["python", "app.py"]
