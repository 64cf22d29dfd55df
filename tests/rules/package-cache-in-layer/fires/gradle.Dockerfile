FROM eclipse-temurin:21-jdk
WORKDIR /src
COPY . .
RUN ./gradlew --no-daemon -x test build
