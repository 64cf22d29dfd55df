FROM python:3.12 AS builder
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN useradd --create-home --uid 1000 app
WORKDIR /home/app/site
USER app
COPY --chown=app:app requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=app:app . .

FROM python:3.12-slim AS runtime
# slimfile: assumes requirements.txt installs nothing from the build context (no `./path`, `-e` or `-r` line): slimfile did not read it; if it does, copy those paths before the install too
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /home/app/site
RUN useradd --create-home --uid 1000 app
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /home/app/site /home/app/site
USER app
CMD ["python", "-m", "site_server"]
