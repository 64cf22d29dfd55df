# RACK_ENV=development: puma loads the development environment.
FROM ruby:3.3
ENV RACK_ENV=development
WORKDIR /app
COPY . .
RUN bundle install
CMD bundle exec puma -p 3000
