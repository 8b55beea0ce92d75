# A hobby board in one container: all state in the /data volume.
#   docker build -t mongrel-bbs .
#   docker run -d -v bbs-data:/data -p 2323:2323 -p 2222:2222 -p 8080:8080 -p 6767:6767 -p 1119:1119 mongrel-bbs

# --- build: compilers, dev dependencies, TypeScript ------------------------
FROM node:20-bookworm-slim AS build

# better-sqlite3 is compiled here (ssh2's optional native speed-ups are not:
# they fall back to JavaScript).
# lrzsz too: its programs (ZMODEM, YMODEM and XMODEM for the file areas,
# needing only libc) are copied into the runtime stage, which installs nothing.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ lrzsz \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Build native modules against the headers the Node image ships, instead of
# downloading them, and from source rather than a prebuilt download.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY doors ./doors
# Then down to what runs: production dependencies, the compiled addon
# without its sources and objects, figlet's fonts once rather than twice.
RUN npm run build \
 && find dist -name '*.map' -delete \
 && npm prune --omit=dev \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node . \
 && rm -rf build deps src \
 && mkdir -p build/Release \
 && mv better_sqlite3.node build/Release/ \
 && rm -rf ../figlet/importable-fonts

# --- runtime: only what runs ------------------------------------------------
FROM node:20-bookworm-slim

# MALLOC_TRIM_THRESHOLD_: glibc gives freed memory back (src/nodes/allocator-env.ts says why).
ENV NODE_ENV=production \
    BBS_DATA=/data \
    BBS_LOG_FORMAT=json \
    MALLOC_TRIM_THRESHOLD_=131072

WORKDIR /app
COPY --from=build /usr/bin/sz /usr/bin/rz /usr/bin/sx /usr/bin/rx /usr/bin/sb /usr/bin/rb /usr/bin/
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY art ./art
COPY config ./config
COPY web ./web

# The code stays root's and read-only to the board; the board owns /data, and
# no other account may enter it (password hashes and private mail live there).
RUN ln -s /app/bin/bbs.js /usr/local/bin/bbs \
 && groupadd --system --gid 10001 bbs \
 && useradd --system --uid 10001 --gid bbs --home-dir /data --no-create-home --shell /usr/sbin/nologin bbs \
 && mkdir -p /data \
 && chown bbs:bbs /data \
 && chmod 700 /data

USER 10001:10001
VOLUME ["/data"]
EXPOSE 2323 2222 8080 6767 1119

# The board says goodbye to every caller and closes the database on SIGTERM,
# within a few seconds; node as PID 1 is fine since it handles the signal.
STOPSIGNAL SIGTERM
# Dials the board like a caller and waits for its first screen.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "/app/bin/bbs.js", "health", "--timeout", "8"]

CMD ["node", "/app/bin/bbs.js", "serve"]
