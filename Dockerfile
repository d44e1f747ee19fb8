# Mulegraph app image: the API server with the built web client. `docker compose up` runs it against Neo4j.
# Build stage has the compilers better-sqlite3 may need; the runtime stage keeps production dependencies only.
FROM node:20-bookworm AS build
WORKDIR /app
COPY . .
# `npm ci` runs the package's prepare script, which builds the web client (vite build client).
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    MULEGRAPH_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# A 32 MiB young generation (V8's semi-space; default 16): the triage's short-lived rows die there instead of being
# promoted and collected again (docs/RECOVERY.md, "Measured"). package.json's start script runs the same.
CMD ["node", "--max-semi-space-size=32", "bin/mulegraph.js", "serve"]
