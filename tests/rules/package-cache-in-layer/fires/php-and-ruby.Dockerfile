FROM ruby:3.3-slim AS gems
RUN bundle install --jobs 4
FROM gems
ENV BUNDLE_PATH=/usr/local/bundle
RUN bundle install && bundle exec bootsnap precompile --gemfile
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN composer install --no-dev --prefer-dist
