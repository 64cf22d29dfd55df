FROM debian:bookworm-slim
WORKDIR /build
RUN curl -fsSLO https://example.com/tool-1.0.tar.gz
RUN tar -xzf tool-1.0.tar.gz -C /opt/tool --strip-components=1
RUN rm tool-1.0.tar.gz
COPY scripts/ /tmp/scripts/
RUN /tmp/scripts/setup.sh && rm -rf /tmp/scripts
RUN git clone --depth 1 https://github.com/example/app.git /src/app
RUN rm -rf /src/app/.git
RUN cd /tmp && wget -q https://example.com/data.zip && unzip -q data.zip -d /srv/data
RUN rm -rf /tmp/*
