FROM python:3.12
RUN useradd --create-home --uid 1000 app
WORKDIR /home/app/site
USER app
COPY --chown=app:app requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=app:app . .
CMD ["python", "-m", "site_server"]
