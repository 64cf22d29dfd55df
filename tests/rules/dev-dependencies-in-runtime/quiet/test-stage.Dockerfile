FROM python:3.12-slim AS test
COPY . .
RUN pip install -r requirements-test.txt
CMD ["python", "-m", "unittest"]
