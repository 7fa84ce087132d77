#!/usr/bin/env bash
# Install the Debian packages Gonghui needs, idempotently.
#
#   scripts/system-packages.sh            # install everything in PACKAGES below
#   scripts/system-packages.sh PKG...     # install just these (used by scripts/with-postgres.sh, .ci/run)
#
# Each package is checked with dpkg-query first; apt-get update + install run only when something is
# missing, so a second run is a no-op that takes well under a second.
# An entry "a|b" means "either a or b": satisfied if one is installed, otherwise the first one apt knows.
set -euo pipefail

# ---- The package list: one entry per line. -----------------------------------------------------------
PACKAGES=(
    chromium # browser tests (Playwright drives /usr/bin/chromium; its own browser download is impossible)
    fonts-noto-cjk # Chinese glyphs for the browser (screenshots) and, later, charts and PDF output
    # Later issues, one line each, e.g.:
    # fonts-lxgw-wenkai
    # texlive-lang-chinese            # Fandol fonts
    # libreoffice-writer-nogui|libreoffice-writer
    # poppler-utils
)
# -------------------------------------------------------------------------------------------------------

if [ "$#" -gt 0 ]; then
    PACKAGES=("$@")
fi

export DEBIAN_FRONTEND=noninteractive

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for entry in "${PACKAGES[@]}"; do
    IFS='|' read -r -a alternatives <<<"$entry"
    ok=
    for pkg in "${alternatives[@]}"; do
        if installed "$pkg"; then ok=1; break; fi
    done
    [ -n "$ok" ] || missing+=("$entry")
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "system-packages: all present (${PACKAGES[*]})"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
    sudo -n true 2>/dev/null || as_root=(sudo)   # may prompt when run by hand
else
    echo "system-packages: missing ${missing[*]}, and not root with no sudo to install them" >&2
    exit 1
fi

apt_get() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold "$@"
}

log=$(mktemp "${TMPDIR:-/tmp}/system-packages.XXXXXX.log")
trap 'rm -f "$log"' EXIT
start=$SECONDS

if ! apt_get update >"$log" 2>&1; then
    cat "$log" >&2
    echo "system-packages: apt-get update failed" >&2
    exit 1
fi

# Resolve "a|b" entries to the first alternative apt has a candidate for.
to_install=()
for entry in "${missing[@]}"; do
    IFS='|' read -r -a alternatives <<<"$entry"
    choice=
    for pkg in "${alternatives[@]}"; do
        candidate=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
        if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then choice=$pkg; break; fi
    done
    if [ -z "$choice" ]; then
        echo "system-packages: no installable candidate for '$entry' in the configured apt sources" >&2
        exit 1
    fi
    to_install+=("$choice")
done

echo "system-packages: installing ${to_install[*]} ..."
if ! apt_get install --no-install-recommends "${to_install[@]}" >>"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "system-packages: apt-get install failed for ${to_install[*]}" >&2
    exit 1
fi
echo "system-packages: installed ${to_install[*]} in $((SECONDS - start))s"
