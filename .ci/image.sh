#!/usr/bin/env bash
# Builds the production image from the repository's Dockerfile with podman and checks it against a
# real PostgreSQL and the local identity provider (tests/image/check.ts). `npm run test:image`;
# .ci/run runs it after `npm test`.
#
# No container registry is reachable here, so the Dockerfile's BASE (the official Node 22 image
# elsewhere) is made locally: Debian bookworm from apt's mirror (debootstrap), with this machine's
# Node 22 binary, npm and CA bundle. It is made once and kept in podman's storage.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=localhost/ml-governance-portal:ci
BASE=localhost/portal-node22-base:bookworm
CACHE="${PORTAL_IMAGE_CACHE:-$HOME/.cache/portal-image}"
mkdir -p "$CACHE"

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then
  echo "--- installing podman, debootstrap and runc"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman debootstrap runc >/dev/null
fi
# The sandbox refuses the ulimits podman sets by default.
printf '[containers]\ndefault_ulimits = []\n' >"$CACHE/containers.conf"
export CONTAINERS_CONF="$CACHE/containers.conf"

node_major() { node -p 'process.versions.node.split(".")[0]'; }
if [ "$(node_major)" != 22 ]; then
  echo "The image's base gets this machine's Node binary, which must be Node 22 (found $(node --version))." >&2
  exit 1
fi

if ! podman image exists "$BASE"; then
  started=$SECONDS
  if ! podman image exists localhost/debian-base:bookworm; then
    # The Debian mirror apt is configured with (one-line or deb822 sources).
    mirror=$( (grep -rhoE '^(deb|URIs:) +https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true) |
      awk '$2 !~ /security/ && $2 ~ /debian/ {print $2; exit}')
    [ -n "$mirror" ] || { echo "no Debian mirror found in apt's sources" >&2; exit 1; }
    echo "--- making a Debian bookworm root file system (debootstrap)"
    rm -rf "$CACHE/rootfs"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$CACHE/rootfs" "$mirror" >"$CACHE/debootstrap.log" 2>&1 ||
      { tail -20 "$CACHE/debootstrap.log"; exit 1; }
    tar -C "$CACHE/rootfs" -c . | podman import - localhost/debian-base:bookworm >/dev/null
    rm -rf "$CACHE/rootfs"
  fi
  echo "--- adding Node $(node --version) and npm $(npm --version) to it"
  ctx="$CACHE/base-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$(command -v node)" "$ctx/node"
  cp -rL "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$ctx/npm"
  # The trust store this machine reaches the npm registry with.
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  cat >"$ctx/Containerfile" <<'CONTAINERFILE'
FROM localhost/debian-base:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CONTAINERFILE
  podman build --isolation chroot -q -t "$BASE" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "--- base image ready in $((SECONDS - started)) s"
fi

echo "--- building $IMAGE from the Dockerfile (BASE=$BASE)"
started=$SECONDS
mkdir -p "$HOME/.npm"
# The machine's npm cache is lent to the build's `npm install` (a build volume: not in the image).
# Docker's image format: OCI has no HEALTHCHECK, and podman would drop it.
podman build --isolation chroot --format docker --build-arg "BASE=$BASE" -v "$HOME/.npm:/root/.npm" -t "$IMAGE" . >"$CACHE/build.log" 2>&1 ||
  { tail -40 "$CACHE/build.log"; exit 1; }
echo "--- built in $((SECONDS - started)) s: $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

npx tsx tests/image/check.ts "$IMAGE"
