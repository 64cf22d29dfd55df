FROM python:3.12-slim
WORKDIR /srv/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# a RUN in between may have written under /srv: only the finding
RUN chown -R app:app /srv
COPY --chown=app:app static/ /srv/static/
RUN chmod -R u+rwX,go+rX /srv/static /srv/app
COPY bin /usr/local/bin
RUN chown -R "$APP_USER" /usr/local/bin
