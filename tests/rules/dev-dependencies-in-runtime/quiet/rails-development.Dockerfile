# `rails s` with no RAILS_ENV runs the development environment, which requires the Gemfile's
# development group: BUNDLE_WITHOUT=development:test would break the start.
FROM ruby:3.3
WORKDIR /app
COPY . .
RUN bundle install
CMD ["rails", "s", "-b", "0.0.0.0"]
