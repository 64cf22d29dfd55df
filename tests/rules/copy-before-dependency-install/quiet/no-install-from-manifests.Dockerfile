FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
RUN npm install -g pm2
RUN make
FROM python:3.12-slim AS ignored
# slimfile ignore=copy-before-dependency-install
COPY . /other
RUN pip install --no-cache-dir -r /other/requirements.txt
