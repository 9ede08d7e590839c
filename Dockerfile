# syntax=docker/dockerfile:1
# The CodeForge App image: `codeforge-app start|server|worker` (package app/), with the
# `codeforge` CLI for migrations and sandbox images. Multi-stage: the build stage installs
# everything and compiles; the runtime stage installs the production dependencies of app and
# cli only, copies the compiled packages, and runs as the unprivileged `node` user.
#
#   docker build -t codeforge/app .
#   docker run --rm -e DATABASE_URL=postgres://... codeforge/app server

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /opt/codeforge
# Manifests first: the dependency layer is rebuilt only when they change.
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/core/package.json core/
COPY --from=build /src/sandbox/package.json sandbox/
COPY --from=build /src/benchmarks/package.json benchmarks/
COPY --from=build /src/cli/package.json cli/
COPY --from=build /src/github/package.json github/
COPY --from=build /src/app/package.json app/
COPY --from=build /src/action/package.json action/
COPY --from=build /src/site/package.json site/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace app --workspace cli --include-workspace-root \
    && npm cache clean --force
COPY --from=build /src/core ./core
COPY --from=build /src/sandbox ./sandbox
COPY --from=build /src/benchmarks ./benchmarks
COPY --from=build /src/cli ./cli
COPY --from=build /src/github ./github
COPY --from=build /src/app ./app
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# The code stays root's and read-only to the App; only the embedded store's folder is writable.
RUN mkdir -p /var/lib/codeforge && chown node:node /var/lib/codeforge
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    CODEFORGE_STORE_DATA_DIR=/var/lib/codeforge/pg \
    PATH=/opt/codeforge/node_modules/.bin:$PATH
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/opt/codeforge/deploy/healthcheck.mjs"]
ENTRYPOINT ["codeforge-app"]
CMD ["start"]
