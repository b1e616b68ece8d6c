#!/usr/bin/env bash
# Makes the release tarball ecs-medic-VERSION-linux-ARCH.tar.gz and its SHA-256 file: the static release binary,
# its man page and bash/zsh/fish completions laid out as under a prefix, README.md and LICENSE (when the repository
# has one). Unpack it anywhere and put its bin/ on PATH, or copy its bin/ and share/ into /usr/local.
#
#   scripts/release.sh [--output DIR] [--binary FILE]
#
#   --output DIR    where the tarball and ecs-medic-VERSION-linux-ARCH.tar.gz.sha256 go (default dist/)
#   --binary FILE   package this built binary instead of building one
set -euo pipefail
cd "$(dirname "$0")/.."

output=dist
binary=
while [ $# -gt 0 ]; do
    case "$1" in
        --output) output=${2:?--output needs a directory}; shift 2 ;;
        --binary) binary=${2:?--binary needs a file}; shift 2 ;;
        -h|--help) sed -n '2,9s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "release.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    binary=$(scripts/build-release.sh)
fi

version=$("$binary" --version)
arch=$(uname -m)
name="ecs-medic-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

scripts/install.sh --binary "$binary" --prefix / --destdir "$stage/$name"
cp README.md "$stage/$name/"
if [ -f LICENSE ]; then cp LICENSE "$stage/$name/"; fi

mkdir -p "$output"
# The same inputs give the same bytes: names sorted, owner root, times from SOURCE_DATE_EPOCH (else the last commit).
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - "$name" \
    | gzip -n -9 >"$output/$name.tar.gz"
(cd "$output" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "$output/$name.tar.gz"
