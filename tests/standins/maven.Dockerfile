# tags: maven:3.9-eclipse-temurin-21
FROM slimfile-standin/debian:trixie
RUN apt-get update \
 && apt-get install -y --no-install-recommends maven openjdk-21-jdk-headless \
      libmaven-jar-plugin-java libmaven-compiler-plugin-java libmaven-resources-plugin-java \
      libsurefire-java libmaven-install-plugin-java \
 && rm -rf /var/lib/apt/lists/*
# Maven Central is not reachable: Maven (3.9 reads MAVEN_ARGS) resolves offline from the plugins
# Debian packages.
ENV MAVEN_ARGS="-o -Dmaven.repo.local=/usr/share/maven-repo"
