FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-interaction
COPY Gemfile Gemfile.lock ./
RUN bundle install --jobs 4
CMD ["php", "-S", "0.0.0.0:8080"]
