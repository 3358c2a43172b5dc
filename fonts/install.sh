#!/usr/bin/env bash
# Installs the open fonts gongwen falls back to (and poppler-utils, which the
# tests use to read pages back as pixels) on Debian/Ubuntu, when missing.
# The commercial faces offices use (方正小标宋简体, 仿宋_GB2312 …) are never
# downloaded: copy them into a folder and pass it with --font-dir or
# GONGWEN_FONT_PATH, or install them system-wide.
set -euo pipefail

packages=(fonts-noto-cjk fonts-arphic-ukai fonts-liberation2 poppler-utils)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "字体已安装：${packages[*]}"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "需要 root 权限安装：${missing[*]}（请以 root 运行，或先安装 sudo）" >&2
    exit 2
  fi
fi

echo "安装：${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "完成。"
