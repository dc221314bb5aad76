# syntax=docker/dockerfile:1
# The tokenpace emulator: the bundled CLI (one file) and its tokenizer rank tables on a slim Node 20, run as
# the unprivileged `node` user (uid 1000). Build from the repository root:
#   docker build -f deploy/docker/emulator.Dockerfile -t tokenpace-emulator:local .

ARG NODE_VERSION=20.20.2
ARG PNPM_VERSION=10.34.8

FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG PNPM_VERSION
ENV CI=true
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}"
WORKDIR /src
# Manifests first: the dependency layer is rebuilt only when they change, not on every source edit.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc tsconfig.base.json ./
COPY packages/core/package.json packages/core/
COPY packages/emulator/package.json packages/emulator/
RUN pnpm install --frozen-lockfile --filter "@tokenpace/emulator..."
COPY packages/core packages/core
COPY packages/emulator packages/emulator
RUN pnpm --filter @tokenpace/core build \
 && pnpm --filter @tokenpace/emulator build \
 && mkdir -p /app/dist \
 && cp -r packages/emulator/dist/cli.js packages/emulator/dist/cli.js.map packages/emulator/dist/ranks /app/dist/ \
 && printf '{"type":"module"}\n' > /app/package.json

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the server: it writes nothing beside itself.
COPY --from=build /app /app
USER 1000:1000
EXPOSE 3000
# Inside a container the server must listen on every interface; --workers defaults to one per core of the
# container's CPU quota (cpu.max), so a `--cpus 2` container runs two workers whatever the host has.
ENTRYPOINT ["node", "/app/dist/cli.js", "--host", "0.0.0.0"]
CMD ["--port", "3000"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
