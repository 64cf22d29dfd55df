FROM node:20-slim AS node
RUN npm ci --omit=dev && npm cache clean --force
RUN yarn install --production && yarn cache clean
RUN npm ci --cache /tmp/npm-cache && rm -rf /tmp/npm-cache
RUN dnf install -y git && dnf clean all
RUN yum install -y tar && rm -rf /var/cache/yum
RUN microdnf install -y shadow-utils && microdnf clean all
RUN zypper --non-interactive install curl && zypper clean --all
RUN pip install flask && rm -rf /root/.cache
RUN uv pip install --system --no-cache flask
RUN composer install && composer clear-cache
RUN go build ./... && rm -rf /root/.cache/go-build /root/go/pkg/mod
RUN cargo build --release && rm -rf ~/.cargo/registry
RUN dotnet publish -c Release -o /out && dotnet nuget locals all --clear
FROM node
ENV POETRY_CACHE_DIR=/tmp/poetry
RUN poetry install && rm -rf $POETRY_CACHE_DIR
ENV UV_NO_CACHE=1
RUN uv sync
