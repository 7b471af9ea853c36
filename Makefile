# Văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ dữ liệu YAML.
# Variables reach the commands through the environment, quoted: YEAR='2024 ; rm -rf ~' is only a bad year.
export YEAR FROM TO PDF LICH_SU DOC NGAY P12 KEM ANH BUOC PKCS11 TOKEN KHOA CA CONG
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help setup plan xem check cap-so so-van-ban ky-so chung-thu-thu new-year examples fidelity schema test golden bench clean

help: ## Liệt kê các lệnh
	@echo "Cách dùng: make <lệnh> YEAR=<năm>, ví dụ make plan YEAR=2024"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | awk -F'\t' '{ printf "%-14s%s\n", $$1, $$2 }'

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -qq --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install -qq --disable-pip-version-check -e '.[test]'
	touch $@

setup: $(STAMP) ## Cài môi trường Python và các gói Debian cần để tạo PDF
	@scripts/setup-system.sh

plan: setup ## Tạo DOCX và PDF cho data/<năm>/ vào output/<năm>/: make plan YEAR=2024 (chỉ DOCX: PDF=khong)
	@$(PY) -m pipeline plan --year "$$YEAR" --pdf "$${PDF:-co}"

xem: setup ## Dựng lại mỗi khi lưu tệp và xem văn bản, PDF trên trình duyệt: make xem YEAR=2024 (mở http://127.0.0.1:8030/)
	@$(PY) -m pipeline xem --year "$$YEAR" --cong "$${CONG:-8030}"

check: setup ## Kiểm tra dữ liệu và tính nhất quán của data/<năm>/, không tạo văn bản
	@$(PY) -m pipeline check --year "$$YEAR"

cap-so: setup ## Cấp số tiếp theo và ngày ký, ghi vào tệp: make cap-so DOC=data/2024/<tên>.yaml NGAY=2024-12-20
	@$(PY) -m pipeline cap-so --doc "$$DOC" --ngay "$$NGAY"

so-van-ban: setup ## In sổ đăng ký văn bản đi của năm (DOCX, PDF, CSV) vào output/so_van_ban/<năm>/: make so-van-ban YEAR=2024
	@$(PY) -m pipeline so-van-ban --year "$$YEAR" --pdf "$${PDF:-co}"

ky-so: setup ## Ký số bản PDF đã ban hành: make ky-so DOC=data/2024/<tên>.yaml P12=<tệp .p12> (tệp kèm theo: thêm KEM=<tệp .pdf>)
	@$(PY) -m pipeline ky-so --doc "$$DOC" $${P12:+--p12 "$$P12"} $${ANH:+--anh "$$ANH"} $${KEM:+--kem "$$KEM"} \
		$${BUOC:+--buoc "$$BUOC"} $${PKCS11:+--pkcs11 "$$PKCS11"} $${TOKEN:+--token "$$TOKEN"} $${KHOA:+--khoa "$$KHOA"} $${CA:+--ca "$$CA"}

chung-thu-thu: setup ## Tạo chứng thư số THỬ vào output/chung_thu_thu/ để tập ký số (không có giá trị pháp lý)
	@$(PY) -m pipeline chung-thu-thu

new-year: setup ## Tạo data/<TO>/ từ data/<FROM>/ (bản dự thảo): make new-year FROM=2024 TO=2025
	@$(PY) -m pipeline new-year --from "$$FROM" --to "$$TO"

examples: setup ## Dựng các văn bản mẫu trong data/examples/ vào output/examples/
	@$(PY) -m pipeline examples

fidelity: setup ## So từng văn bản mẫu với bản gốc (seed.txt và corrections.yaml)
	@$(PY) -m tools.fidelity

schema: setup ## Xuất JSON Schema của từng loại văn bản vào schema/ (gợi ý khóa trong trình soạn thảo)
	@$(PY) -m pipeline schema

test: setup ## Chạy bộ kiểm thử (kiểm tra mã bằng ruff, rồi pytest)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

golden: setup ## Ghi lại các tệp chuẩn tests/golden/ (đọc diff trước khi commit)
	$(PY) -m tools.golden
	@git --no-pager diff --stat -- tests/golden || true

bench: setup ## Đo tốc độ dựng văn bản và tạo PDF
	$(PY) -m tools.bench --year "$${YEAR:-2024}"

clean: setup ## Xóa kết quả trong output/, giữ lịch sử các bản cũ (xóa cả lịch sử: make clean LICH_SU=xoa)
	@$(PY) -m pipeline clean --lich-su "$${LICH_SU:-giu}"

# A mistyped command (make Plan, make plann) gets Vietnamese words, not make's "No rule to make target".
Makefile pyproject.toml: ;
%:
	@echo "LỖI      không có lệnh 'make $@'; các lệnh: $$(grep -oE '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | cut -d: -f1 | tr '\n' ' ')(xem: make help)" >&2
	@echo "Lệnh dừng với mã 1; dòng 'make: ***' của make ngay sau đây chỉ nhắc lại điều này." >&2; exit 1
