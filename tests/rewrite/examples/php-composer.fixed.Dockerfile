# PHP app whose page class is found by Composer's autoloader.
FROM php:8.3-cli AS builder

# Composer unpacks with unzip and clones with git
RUN apt-get update && apt-get install -y git unzip

COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

WORKDIR /app

COPY composer.json composer.lock* ./
RUN composer install --no-dev --optimize-autoloader --no-scripts --no-autoloader
COPY . .
RUN composer dump-autoload --optimize --no-dev

FROM php:8.3-cli AS runtime
WORKDIR /app
COPY --from=builder /app /app

EXPOSE 8080

CMD ["php", "-S", "0.0.0.0:8080", "-t", "public"]
