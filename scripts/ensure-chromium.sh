#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests
# (test/e2e, driven by playwright-core). Never downloads a browser build of
# its own: the only source is the distribution's `chromium` package.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

# An emoji font too: the demo posts have emoji, and without one Chromium spends
# a long task searching every font for the glyph (Lighthouse counts it).
EMOJI_FONT=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

if [ -x "$CHROMIUM" ] && [ -f "$EMOJI_FONT" ]; then
  exit 0
fi

# As root, directly; otherwise through sudo (which may ask for a password). No prompts from apt.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    env DEBIAN_FRONTEND=noninteractive "$@"
  else
    sudo env DEBIAN_FRONTEND=noninteractive "$@"
  fi
}

# Chromium is there and only the font is missing: install it if we can, and go on without it if not.
if [ -x "$CHROMIUM" ]; then
  # Never a password prompt for an extra: sudo -n fails at once if it would ask.
  font() { if [ "$(id -u)" -eq 0 ]; then env DEBIAN_FRONTEND=noninteractive "$@"; else sudo -n env DEBIAN_FRONTEND=noninteractive "$@"; fi; }
  if command -v apt-get >/dev/null 2>&1 && font apt-get install -y --no-install-recommends fonts-noto-color-emoji >/dev/null 2>&1; then
    exit 0
  fi
  echo "ensure-chromium: could not install fonts-noto-color-emoji; emoji render as boxes and Lighthouse may score pages with emoji lower." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available here." >&2
  echo "Install Chromium with your system's package manager so that $CHROMIUM exists, then run the browser tests again." >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing; installing it needs root, and sudo is not available." >&2
  echo "Run as root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium and fonts-noto-color-emoji packages"
install_chromium() { as_root apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji; }
# A fresh container has no package lists, and old ones point at files mirrors no
# longer have: refresh them when the package is unknown or the install fails.
if ! apt-cache show chromium >/dev/null 2>&1; then
  as_root apt-get update
fi
if ! install_chromium; then
  echo "ensure-chromium: retrying after apt-get update" >&2
  if ! { as_root apt-get update && install_chromium; }; then
    echo "ensure-chromium: apt-get install chromium failed (see above). The browser tests need $CHROMIUM." >&2
    exit 1
  fi
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: the chromium package installed, but $CHROMIUM is not there." >&2
  exit 1
fi
"$CHROMIUM" --version || true
