#!/usr/bin/env bash
# Install the Debian packages the PDF step needs, only when something is missing:
# headless LibreOffice Writer, a metric-compatible Times New Roman substitute
# with full Vietnamese coverage (Liberation Serif), LibreOffice's Python bridge (python3-uno) for the warm
# converters, poppler for the PDF tests, SoftHSM (a PKCS#11 token in software) for the test of signing with a token,
# and headless chromium with its driver for the test of make xem's page.
# If they cannot be installed (no network, not root), say so in Vietnamese and go on:
# checking data and DOCX (PDF=khong) need none of them, and the PDF step says what is missing.
set -uo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -q 'LiberationSerif-Regular' || missing+=(fonts-liberation2)
command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)  # a software token: the tests sign through PKCS#11 with it
[ -f /usr/lib/python3/dist-packages/uno.py ] || missing+=(python3-uno)  # LibreOffice's Python bridge: the warm converters
command -v chromium >/dev/null 2>&1 || missing+=(chromium)  # the test of make xem's page in a real browser
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Cài đặt gói hệ thống: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "CẢNH BÁO chưa cài được ${missing[*]}: cần quyền root (apt-get install ${missing[*]}); chưa tạo được PDF cho tới khi cài." >&2
  exit 0
fi
log=$(mktemp -t nd30-cai-dat-XXXXXX.txt)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  echo "CẢNH BÁO chưa cài được ${missing[*]} (không tải được gói; chi tiết ở $log); kiểm tra dữ liệu và tạo DOCX (PDF=khong) vẫn chạy được, PDF thì chưa." >&2
  exit 0
fi
rm -f "$log"
