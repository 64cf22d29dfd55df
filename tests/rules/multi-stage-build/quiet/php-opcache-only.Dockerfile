FROM php:8.4-apache
RUN docker-php-ext-install -j "$(nproc)" opcache
WORKDIR /var/www/html
COPY . ./
CMD ["apache2-foreground"]
