# The engine's image for compose.yaml: one image, the command picks the role
# (`support-engine api | worker | projector | migrate | ...`).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY . .
# No Python in this image, so `npm ci`'s setup step skips the Temporal binaries: the services
# connect to a Temporal server instead of starting one.
RUN npm ci --include=dev && npx tsc -b
# The attachments folder compose.yaml mounts a volume on: owned by the user the engine runs as.
RUN mkdir -p /var/lib/support-engine/attachments && chown node:node /var/lib/support-engine/attachments
USER node
CMD ["node", "packages/cli/bin/support-engine.mjs", "--help"]
