# syntax=docker/dockerfile:1
# k6 with the k6/x/tokenpace extension, built by the repository's own build script (packages/load/scripts/
# build-k6.mjs, the one `pnpm k6` runs), and the scenarios with the helpers they import. Build from the root:
#   docker build -f deploy/docker/k6.Dockerfile -t tokenpace-k6:local .

ARG GO_VERSION=1.26
ARG NODE_VERSION=20.20.2
ARG DEBIAN_VERSION=bookworm

FROM golang:${GO_VERSION}-${DEBIAN_VERSION} AS go

FROM node:${NODE_VERSION}-${DEBIAN_VERSION}-slim AS build
COPY --from=go /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:${PATH} \
    GOPATH=/go \
    CGO_ENABLED=0
WORKDIR /src
# Modules first, so that a source edit does not download them again.
COPY packages/load/k6/go.mod packages/load/k6/go.sum packages/load/k6/
COPY packages/load/xk6/go.mod packages/load/xk6/go.sum packages/load/xk6/
WORKDIR /src/packages/load/k6
RUN go mod download
WORKDIR /src
COPY packages/load/k6 packages/load/k6
COPY packages/load/xk6 packages/load/xk6
COPY packages/load/scripts/build-k6.mjs packages/load/scripts/build-k6.mjs
RUN node packages/load/scripts/build-k6.mjs --force

# Debian rather than distroless: the k6-operator runs a runner's command through `sh -c`.
FROM debian:${DEBIAN_VERSION}-slim
RUN groupadd --gid 12345 k6 \
 && useradd --uid 12345 --gid 12345 --create-home --home-dir /home/k6 k6
COPY --from=build /src/.tools/bin/k6 /usr/bin/k6
WORKDIR /home/k6
# The scenarios import their helpers by relative path (../packages/load/k6-helpers/, and those the protocol
# constants from core), so every file keeps its place in the repository's layout.
COPY packages/core/src/protocol.ts packages/core/src/protocol.ts
COPY packages/load/k6-helpers packages/load/k6-helpers
COPY scenarios scenarios
USER 12345:12345
ENTRYPOINT ["k6"]
CMD ["version"]
