# tags: eclipse-temurin:21-jre
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-21-jre-headless \
 && rm -rf /var/lib/apt/lists/*
