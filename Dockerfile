# The engine's image for compose.yaml: one image, the command picks the role
# (`support-engine api | worker | projector | migrate | ...`). Node 24, the active LTS line that CI
# also runs the tests on (.ci/run). Three stages: `build` compiles with every dependency, `runtime`
# installs the compiled packages' production dependencies, and the image gets only that.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# No install scripts: compiling needs neither embedded PostgreSQL nor the Temporal binaries. The
# desk and the widget (static files the API serves under /desk and /widget) are built and copied
# into the CLI's package, as its `prepack` does for the published package: the CLI serves them.
RUN npm ci --ignore-scripts --no-audit --no-fund && npx tsc -b && node scripts/pack-desk.mjs

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
# Each package's manifest and build (the CLI's launcher and its copies of the desk and the widget
# too), except the development package @support-engine/servers (embedded PostgreSQL and Temporal
# for the tests and `support-engine dev`), the EventStoreDB store (the engine's processes run on
# PostgreSQL; it would bring gRPC) and the desk's and the widget's sources (their builds travel in
# the CLI): npm installs a workspace's dependencies even with --omit=dev, so they leave the list.
# No install scripts either: the production packages need none, and the root's setup fetches the
# Temporal binaries only `dev` and the tests use.
COPY --from=build /app/packages/ /tmp/packages/
RUN node -e " \
      const fs = require('node:fs'); \
      const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')); \
      manifest.workspaces = manifest.workspaces.filter((dir) => !['packages/servers', 'packages/eventstore-esdb', 'packages/desk', 'packages/widget'].includes(dir)); \
      fs.writeFileSync('package.json', JSON.stringify(manifest, null, 2)); \
      for (const dir of manifest.workspaces) for (const part of ['package.json', 'dist', 'bin', 'desk', 'widget']) \
        if (fs.existsSync('/tmp/' + dir + '/' + part)) fs.cpSync('/tmp/' + dir + '/' + part, dir + '/' + part, { recursive: true }); \
    " \
  && rm -rf /tmp/packages \
  && npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY --from=runtime /app ./
# The attachments folder compose.yaml mounts a volume on: owned by the user the engine runs as.
RUN mkdir -p /var/lib/support-engine/attachments && chown node:node /var/lib/support-engine/attachments
USER node
CMD ["node", "packages/cli/bin/support-engine.mjs", "--help"]
