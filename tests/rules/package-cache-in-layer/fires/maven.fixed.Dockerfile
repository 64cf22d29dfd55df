FROM maven:3.9-eclipse-temurin-21
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository mvn -B -DskipTests package
