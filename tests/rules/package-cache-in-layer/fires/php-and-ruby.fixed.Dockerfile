FROM ruby:3.3-slim AS gems
RUN bundle install --jobs 4 && rm -rf /usr/local/bundle/cache
FROM gems
ENV BUNDLE_PATH=/usr/local/bundle
RUN bundle install && bundle exec bootsnap precompile --gemfile && rm -rf /usr/local/bundle/ruby/*/cache
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN composer install --no-dev --prefer-dist && composer clear-cache
