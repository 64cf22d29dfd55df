# Java service built with Maven.
FROM maven:3.9-eclipse-temurin-21 AS builder

WORKDIR /app

# Copy the project and build the jar
COPY . .
RUN mvn -B package

FROM eclipse-temurin:21-jre AS runtime
WORKDIR /app
COPY --from=builder /app/target/hello.jar /app/target/hello.jar

EXPOSE 8080

CMD ["java", "-jar", "target/hello.jar"]
