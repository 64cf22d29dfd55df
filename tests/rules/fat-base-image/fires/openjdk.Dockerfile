FROM openjdk:11
COPY app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
