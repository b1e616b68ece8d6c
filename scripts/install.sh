#!/usr/bin/env bash
# Builds ecs-medic for release with the Swift runtime and Foundation linked in (the binary then needs only the C
# library, libcurl and libxml2), and installs it with its shell completions and man page under a prefix.
#
#   scripts/install.sh [--prefix DIR] [--binary FILE] [--destdir DIR]
#
#   --prefix DIR    where it goes (default /usr/local): bin/ecs-medic, share/man/man1/ecs-medic.1 and the bash,
#                   zsh and fish completions under share/
#   --binary FILE   install this built binary instead of building one (scripts/release.sh builds once)
#   --destdir DIR   stage under DIR as packagers do (files land in DIR/PREFIX/...)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr/local
binary=
destdir=
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --binary) binary=${2:?--binary needs a file}; shift 2 ;;
        --destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
        -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ -z "$binary" ]; then
    binary=$(scripts/build-release.sh)
fi
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable" >&2; exit 2; }

root="$destdir$prefix"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Completions: argument-parser writes them for each shell.
"$binary" --generate-completion-script bash >"$work/ecs-medic.bash"
"$binary" --generate-completion-script zsh >"$work/_ecs-medic"
"$binary" --generate-completion-script fish >"$work/ecs-medic.fish"

# The man page: argument-parser's manual generator (the tool its generate-manual plugin runs), run on the binary.
scripts/generate-manual.sh "$binary" "$work"

install -D -m 755 "$binary" "$root/bin/ecs-medic"
install -D -m 644 "$work/ecs-medic.1" "$root/share/man/man1/ecs-medic.1"
install -D -m 644 "$work/ecs-medic.bash" "$root/share/bash-completion/completions/ecs-medic"
install -D -m 644 "$work/_ecs-medic" "$root/share/zsh/site-functions/_ecs-medic"
install -D -m 644 "$work/ecs-medic.fish" "$root/share/fish/vendor_completions.d/ecs-medic.fish"
echo "installed ecs-medic $("$binary" --version) under $root" >&2
