FROM python:3.12-slim
WORKDIR /srv/app
COPY . /srv/app
RUN pip install --no-cache-dir -r /srv/app/requirements/prod.txt -c constraints.txt
CMD ["gunicorn", "app:app"]
