FROM python:3.12-slim
WORKDIR /srv/app
COPY constraints.txt /srv/app/
COPY requirements/ /srv/app/requirements/
RUN pip install --no-cache-dir -r /srv/app/requirements/prod.txt -c constraints.txt
COPY . /srv/app
CMD ["gunicorn", "app:app"]
