#!/usr/bin/env bash
# Install the Debian packages jixiao needs (LibreOffice for .docx→.pdf and .doc→.docx, CJK fonts, poppler for
# PDF pages, Chromium for browser tests, antiword as .doc fallback), only those missing.
# Needs root (apt-get).
set -euo pipefail
need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# (the lists are read whole first: `grep -q` in a pipe under pipefail fails when the writer gets SIGPIPE)
fonts=$(fc-list 2>/dev/null || true)
[[ ${fonts,,} == *"noto sans cjk"* ]] || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v antiword >/dev/null || need+=(antiword)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "缺少系统软件包：${need[*]}。请以 root 运行：apt-get install ${need[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
