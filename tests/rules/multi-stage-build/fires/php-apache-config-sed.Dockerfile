FROM php:8.3-apache
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN sed -i 's/Listen 80/Listen 8080/' /etc/apache2/ports.conf
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev
EXPOSE 8080
CMD ["apache2-foreground"]
