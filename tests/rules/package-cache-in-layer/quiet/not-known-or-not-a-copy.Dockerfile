FROM debian:bookworm-slim AS base
# where a system Ruby keeps its gems is not known
RUN bundle install
FROM base
# pnpm and bun hard-link packages from their store: the store costs little in the same layer
RUN pnpm install --frozen-lockfile
RUN bun install --production
# Yarn 2+ (set up through corepack) loads packages from its cache
RUN corepack enable && yarn install --immutable
# the builds only read what earlier layers downloaded
RUN cargo build --offline && mvn -o package && dotnet build --no-restore
RUN mvn --version && gradle --version
# a smoke test, not an install
RUN yarn --version && npm --version
