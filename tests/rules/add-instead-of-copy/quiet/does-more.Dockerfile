FROM python:3.12-slim
ADD vendor.tar.gz /opt/vendor/
ADD https://example.com/app.json /app/
ADD https://github.com/moby/buildkit.git#v0.14.1 /src/buildkit
ADD --keep-git-dir=true https://github.com/moby/buildkit.git /src/bk
ADD files/* /opt/files/
ADD $ARCHIVE /opt/
ADD data.gz /data/
# hadolint ignore=DL3020
ADD notes.txt /notes.txt
COPY app.py /app/
