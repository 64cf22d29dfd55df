ARG RUBY_VERSION=3.3
FROM ruby:${RUBY_VERSION}
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN BUNDLE_WITHOUT=development:test bundle install
