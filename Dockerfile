# The Backdrop relay as a container image: Node 20, runtime dependencies only, a non-root user.
# Build: docker build -t backdrop-relay .
# Run:   docker run -p 8787:8787 -e PICPIK_PUBLIC_KEY=... -e PICPIK_PRIVATE_KEY=... -e RELAY_TOKENS=alice:... backdrop-relay
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production
# Large allocations from the heap, kept when freed: a large upload's image text then lands in
# memory already mapped (src/relay/glibc-tunables.ts says why; its test keeps the two equal).
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=134217728

# Install scripts are skipped except better-sqlite3's, which provides the embedded store's
# native module (sharp, which has one too, is only for the emulator).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 && npm cache clean --force

COPY tsconfig.json tsconfig.base.json ./
COPY src/contract ./src/contract
COPY src/relay ./src/relay

# Inside a container the relay must listen on all interfaces; it refuses to start that way
# unless RELAY_TOKENS is set, which is the point.
ENV RELAY_HOST=0.0.0.0 \
    RELAY_PORT=8787 \
    RELAY_DATA_DIR=/data
# The embedded store; mount a volume here, or set RELAY_DATABASE_URL for PostgreSQL.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 8787
USER node

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.RELAY_PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

# SIGTERM (docker stop) lets in-flight requests finish before the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/relay/main.ts"]
