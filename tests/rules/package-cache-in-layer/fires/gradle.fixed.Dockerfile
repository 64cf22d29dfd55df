FROM eclipse-temurin:21-jdk
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.gradle/caches ./gradlew --no-daemon -x test build
