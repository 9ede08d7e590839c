#!/usr/bin/env bash
# Builds the CodeForge sandbox image without any image registry: a minimal Debian bookworm
# root filesystem made by mmdebstrap from Debian's own packages (python3 and the python3-*
# equivalents of the libraries in sandbox/images/python/Dockerfile), piped straight into
# `docker import`. Machines that reach Debian's mirror but no Docker registry (CI, air-gapped
# hosts with a local mirror) get the same-named image that the Dockerfile builds elsewhere.
#
#   bash sandbox/scripts/build-image-offline.sh                 # codeforge/sandbox-python:2
#   bash sandbox/scripts/build-image-offline.sh --lang node     # codeforge/sandbox-node:2
#   bash sandbox/scripts/build-image-offline.sh --force         # rebuild even when current
#
# The build is skipped when the image already carries the current version and recipe labels,
# so CI re-runs cost a second. Environment:
#   CODEFORGE_DEBIAN_MIRROR   Debian mirror URL (default http://deb.debian.org/debian)
#   CODEFORGE_DEBIAN_SECURITY security mirror URL, "none" to leave it out
#                             (default http://deb.debian.org/debian-security)
#   DOCKER_HOST               as for the docker CLI; the image is imported there
#
# Needs root (or unprivileged user namespaces) for mmdebstrap, and the docker CLI.
set -euo pipefail

# Keep in step with sandbox/src/images/image-names.ts (SANDBOX_IMAGE_VERSION) and the
# defaults in core/src/config/config-schema.ts.
IMAGE_VERSION=2
SANDBOX_UID=10001
SUITE=bookworm
VERSION_LABEL=dev.codeforge.image-version
RECIPE_LABEL=dev.codeforge.image-recipe

lang=python
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --lang)
      [ $# -ge 2 ] || { echo "build-image-offline: --lang needs a value (python|node)" >&2; exit 2; }
      lang=$2
      shift 2
      ;;
    --lang=*) lang=${1#--lang=}; shift ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image-offline: unknown option $1 (known: --lang python|node, --force)" >&2; exit 2 ;;
  esac
done

case "$lang" in
  python)
    packages=(
      python3 python3-numpy python3-pandas python3-scipy python3-sklearn python3-matplotlib
      python3-sympy python3-networkx python3-requests python3-bs4 python3-pil
      python3-sortedcontainers python3-pytest
    )
    cmd='["python3"]'
    ;;
  node)
    packages=(nodejs)
    cmd='["node"]'
    ;;
  *) echo "build-image-offline: unknown language '$lang' (known: python, node)" >&2; exit 2 ;;
esac

image="codeforge/sandbox-${lang}:${IMAGE_VERSION}"
mirror=${CODEFORGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${CODEFORGE_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}

command -v docker >/dev/null 2>&1 || { echo "build-image-offline: the docker CLI is missing; install docker.io" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-image-offline: the Docker engine does not answer; start Docker or set DOCKER_HOST" >&2; exit 1; }

# Image metadata; the recipe label hashes it with the package list and the user, so a changed
# recipe rebuilds even when nobody bumped the version (comments and mirrors do not count).
changes=(
  "USER ${SANDBOX_UID}:${SANDBOX_UID}"
  'WORKDIR /workspace'
  'ENV PYTHONDONTWRITEBYTECODE=1'
  'ENV PYTHONUNBUFFERED=1'
  'ENV MPLBACKEND=Agg'
  'ENV HOME=/tmp'
  'ENV LANG=C.UTF-8'
  'ENV PATH=/usr/local/bin:/usr/bin:/bin'
  "CMD $cmd"
)
recipe=$(printf '%s\n' "$IMAGE_VERSION" "$SUITE" "$lang" "${packages[@]}" "${changes[@]}" | sha256sum | cut -c1-16)

# One build per image at a time on this machine: a second caller (CI set-up and a test run,
# say) waits for the first and then finds the image current.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/codeforge-sandbox-image-${lang}.lock"
  flock 9
fi

if [ "$force" -eq 0 ]; then
  checked=${EPOCHREALTIME:-$(date +%s)}
  current=$(docker image inspect --format "{{ index .Config.Labels \"$VERSION_LABEL\" }} {{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$image" 2>/dev/null || true)
  if [ "$current" = "$IMAGE_VERSION $recipe" ]; then
    awk -v image="$image" -v version="$IMAGE_VERSION" -v recipe="$recipe" -v s="$checked" -v f="${EPOCHREALTIME:-$checked}" \
      'BEGIN { printf "%s is current (version %s, recipe %s); skipped the build in %.1f s (--force rebuilds)\n", image, version, recipe, f - s }'
    exit 0
  fi
fi

command -v mmdebstrap >/dev/null 2>&1 || { echo "build-image-offline: mmdebstrap is missing; install it (apt-get install mmdebstrap)" >&2; exit 1; }

sources=("deb $mirror $SUITE main" "deb $mirror $SUITE-updates main")
if [ "$security" != none ]; then
  sources+=("deb $security $SUITE-security main")
fi

include=$(IFS=,; echo "${packages[*]}")
change_args=()
for change in "${changes[@]}"; do change_args+=(--change "$change"); done
previous=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
echo "building $image offline from Debian $SUITE ($mirror): ${packages[*]}"
started=${EPOCHREALTIME:-$(date +%s)}

# variant "essential": only Essential:yes packages plus what --include pulls in (no apt, no
# recommends), and no documentation, man pages or translations inside the image.
# The customize hook adds the unprivileged user the sandbox runs as and its working dir.
mmdebstrap \
  --variant=essential \
  --include="$include" \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook="echo 'sandbox:x:${SANDBOX_UID}:${SANDBOX_UID}:CodeForge sandbox:/tmp:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
  --customize-hook="echo 'sandbox:x:${SANDBOX_UID}:' >> \"\$1/etc/group\"" \
  --customize-hook="mkdir -p \"\$1/workspace\" && chown ${SANDBOX_UID}:${SANDBOX_UID} \"\$1/workspace\"" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  --quiet \
  "$SUITE" - "${sources[@]}" \
| docker import \
  "${change_args[@]}" \
  --change "LABEL $VERSION_LABEL=$IMAGE_VERSION" \
  --change "LABEL $RECIPE_LABEL=$recipe" \
  --change "LABEL org.opencontainers.image.title=$image" \
  --change "LABEL org.opencontainers.image.source=sandbox/scripts/build-image-offline.sh" \
  --message "CodeForge $lang sandbox, built offline from Debian $SUITE" \
  - "$image" >/dev/null

finished=${EPOCHREALTIME:-$(date +%s)}
# The image this build replaced is left untagged; remove it unless a container still uses it.
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$image")" ]; then
  docker image rm "$previous" >/dev/null 2>&1 || true
fi
size=$(docker image inspect --format '{{.Size}}' "$image")
awk -v image="$image" -v s="$started" -v f="$finished" -v size="$size" \
  'BEGIN { printf "built %s in %.1f s (%d MB)\n", image, f - s, size / 1048576 }'
