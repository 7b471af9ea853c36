#!/usr/bin/env bash
# Install the Debian packages the PDF step needs, only when something is missing:
# headless LibreOffice Writer, a metric-compatible Times New Roman substitute
# with full Vietnamese coverage (Liberation Serif), and poppler for PDF checks.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -q 'LiberationSerif-Regular' || missing+=(fonts-liberation2)
command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Cài đặt gói hệ thống: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Cần quyền root để cài: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
