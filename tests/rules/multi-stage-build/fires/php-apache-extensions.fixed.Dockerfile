FROM php:8.3-apache AS builder

RUN apt-get update && apt-get install -y --no-install-recommends \
    git unzip libpng-dev libonig-dev \
    && docker-php-ext-install gd mbstring \
    && rm -rf /var/lib/apt/lists/*
RUN a2enmod rewrite

COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev --optimize-autoloader

FROM php:8.3-apache AS runtime
WORKDIR /var/www/html
RUN apt-get update && apt-get install -y --no-install-recommends libpng16-16 libonig5 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/local/lib/php/extensions /usr/local/lib/php/extensions
COPY --from=builder /usr/local/etc/php/conf.d /usr/local/etc/php/conf.d
COPY --from=builder /var/www/html /var/www/html
RUN a2enmod rewrite

EXPOSE 80
CMD ["apache2-foreground"]
