FROM gradle:8.8-jdk21
WORKDIR /home/gradle/src
COPY . .
# the gradle image links root's Gradle home to the gradle user's: not advised on
RUN gradle build --no-daemon
