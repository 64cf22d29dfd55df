FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN pip install -r requirements.txt
RUN python3 -m pip install flask | tee log
