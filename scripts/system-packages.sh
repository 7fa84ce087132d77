#!/usr/bin/env bash
# Install the Debian packages Gonghui needs, idempotently.
#
#   scripts/system-packages.sh            # install everything in PACKAGES below, and the FandolFang font
#   scripts/system-packages.sh PKG...     # install just these (used by scripts/with-postgres.sh, .ci/run)
#
# Each package is checked with dpkg-query first; apt-get update + install run only when something is
# missing, so a second run is a no-op that takes well under a second.
# An entry "a|b" means "either a or b": satisfied if one is installed, otherwise the first one apt knows.
#
# FandolFang (the free 仿宋 stand-in, docs/adr/0008-fonts-and-pdf.md) ships only inside
# texlive-lang-chinese, which drags in TeX. Instead of installing that package, a full run fetches its .deb
# with `apt-get download` and extracts just FandolFang-Regular.otf (and its licence) into FANDOL_DIR; the
# step is skipped when the font is already there.
set -euo pipefail

# ---- The package list: one entry per line. -----------------------------------------------------------
PACKAGES=(
    chromium # browser tests (Playwright drives /usr/bin/chromium; its own browser download is impossible)
    fontconfig # fc-cache/fc-list: the PDF renderer finds its fonts through fontconfig
    fonts-noto-cjk # Noto Serif/Sans CJK SC: 宋体, 小标宋 and 黑体 stand-ins, the fallback for rare hanzi
    fonts-lxgw-wenkai # LXGW WenKai (霞鹜文楷): the 楷体 stand-in
    "libreoffice-writer-nogui|libreoffice-writer" # .docx → PDF (gonghui/core/pdf.py)
    poppler-utils # pdffonts, pdftotext: the PDF checks in the tests (gonghui/testing/pdfcheck.py)
)
# The 仿宋 stand-in, taken out of texlive-lang-chinese's .deb (see the header).
FANDOL_PACKAGE=texlive-lang-chinese
FANDOL_SOURCE=./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
FANDOL_DOCS=./usr/share/doc/texlive-doc/fonts/fandol
FANDOL_FILES=(FandolFang-Regular.otf)
FANDOL_DIR=/usr/local/share/fonts/fandol
# -------------------------------------------------------------------------------------------------------

with_fandol=1
if [ "$#" -gt 0 ]; then
    PACKAGES=("$@")
    with_fandol=
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

fandol_missing=
if [ -n "$with_fandol" ]; then
    for file in "${FANDOL_FILES[@]}"; do
        [ -s "$FANDOL_DIR/$file" ] || fandol_missing=1
    done
fi

if [ "${#missing[@]}" -eq 0 ] && [ -z "$fandol_missing" ]; then
    echo "system-packages: all present (${PACKAGES[*]}${with_fandol:+ + $FANDOL_DIR})"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
    sudo -n true 2>/dev/null || as_root=(sudo)   # may prompt when run by hand
else
    echo "system-packages: missing ${missing[*]}${fandol_missing:+ $FANDOL_DIR}, and not root with no sudo to install them" >&2
    exit 1
fi

apt_get() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold "$@"
}

log=$(mktemp "${TMPDIR:-/tmp}/system-packages.XXXXXX.log")
work=$(mktemp -d "${TMPDIR:-/tmp}/system-packages.XXXXXX")
trap 'rm -rf "$log" "$work"' EXIT
start=$SECONDS

if ! apt_get update >"$log" 2>&1; then
    cat "$log" >&2
    echo "system-packages: apt-get update failed" >&2
    exit 1
fi

if [ "${#missing[@]}" -gt 0 ]; then
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
fi

# FandolFang: the one font file out of texlive-lang-chinese's .deb, without TeX.
if [ -n "$fandol_missing" ]; then
    if ! (cd "$work" && apt-get -o DPkg::Lock::Timeout=600 download "$FANDOL_PACKAGE") >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        echo "system-packages: apt-get download $FANDOL_PACKAGE failed" >&2
        exit 1
    fi
    deb=("$work"/"$FANDOL_PACKAGE"_*.deb)
    members=()
    for file in "${FANDOL_FILES[@]}"; do members+=("$FANDOL_SOURCE/$file"); done
    dpkg-deb --fsys-tarfile "${deb[0]}" | tar -x -C "$work" "${members[@]}" "$FANDOL_DOCS/COPYING.gz" "$FANDOL_DOCS/README"
    "${as_root[@]}" install -d -m 755 "$FANDOL_DIR"
    "${as_root[@]}" install -m 644 "$work/$FANDOL_DOCS/COPYING.gz" "$work/$FANDOL_DOCS/README" "$FANDOL_DIR/"
    for file in "${FANDOL_FILES[@]}"; do # the font last, through a rename: present means complete
        "${as_root[@]}" install -m 644 "$work/$FANDOL_SOURCE/$file" "$FANDOL_DIR/.$file.part"
        "${as_root[@]}" mv -f "$FANDOL_DIR/.$file.part" "$FANDOL_DIR/$file"
    done
    "${as_root[@]}" fc-cache -f "$FANDOL_DIR" >>"$log" 2>&1
    echo "system-packages: extracted ${FANDOL_FILES[*]} from $FANDOL_PACKAGE into $FANDOL_DIR"
fi
