FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 ssh2
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
COPY art ./art
COPY config ./config
COPY web ./web
RUN npm run build
ENV BBS_DATA=/data BBS_LOG_FORMAT=json
VOLUME /data
EXPOSE 2323 2222 8080 6767
CMD ["node", "bin/bbs.js", "serve"]
