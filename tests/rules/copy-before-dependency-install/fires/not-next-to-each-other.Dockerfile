FROM ruby:3.3-slim
WORKDIR /app
ADD . .
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
RUN bundle install
CMD ["bundle", "exec", "puma"]
