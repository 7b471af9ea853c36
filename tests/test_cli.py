"""The command line as a clerk meets it: Vietnamese everywhere, a located line for every mistake,
one line and exit code 2 for a bug of ours, and a Makefile whose variables are only values."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.nd30.context as context_module
from pipeline.cli import main
from tests.conftest import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"\b(usage|error|invalid|argument|required|options|show this help|Traceback)\b", re.I)


@pytest.fixture
def cli(tmp_project, monkeypatch, capsys):
    """Run the command line on a copy of the project, as if typed in a terminal (not under make, even when the
    tests run under make test); return (exit code, stdout, stderr)."""
    monkeypatch.setattr("pipeline.cli.Project", lambda: tmp_project)
    monkeypatch.delenv("MAKELEVEL", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse ends the process on a bad argument
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize(
    "args, words",
    [
        (("plan", "--year", "abc"), "năm phải là số có 4 chữ số"),
        (("plan", "--year", "10000"), "năm kế hoạch 10000 không hợp lệ"),
        (("plan",), "thiếu tham số bắt buộc: --year"),
        (("plan", "--year", "2024", "--bogus"), "tham số không nhận ra: --bogus"),
        (("plan", "--year", "2024", "--example", "../../etc"), "không có văn bản mẫu '../../etc'"),
        (("khong-co-lenh",), "không có lựa chọn"),
        (("new-year", "--from", "2024"), "thiếu tham số bắt buộc: --to"),
    ],
)
def test_argument_mistakes_are_told_in_vietnamese(cli, args, words):
    code, out, err = cli(*args)
    assert code == 1 and words in err and "Cách dùng:" in err
    assert not ENGLISH.search(err), err


def test_help_is_vietnamese(cli):
    for args in ((), ("plan",), ("new-year",)):
        code, out, _ = cli(*args, "--help")
        assert code == 0 and "Cách dùng:" in out and "tùy chọn" in out and not ENGLISH.search(out), out


def test_check_of_a_year_without_data_is_an_error(cli):
    code, out, err = cli("check", "--year", "2031")
    assert code == 1 and "không có thư mục dữ liệu data/2031" in err and "Không có lỗi" not in out


def test_a_year_folder_out_of_range_is_refused_even_when_it_exists(cli, tmp_project):
    (tmp_project.root / "data" / "10000").mkdir()
    code, _, err = cli("plan", "--year", "10000", "--no-pdf")
    assert code == 1 and "10000 không hợp lệ" in err
    assert 10000 not in tmp_project.years()


def test_a_bug_in_one_document_stops_that_document_only(cli, tmp_project, monkeypatch):
    real = context_module.ContextBuilder.build

    def broken(self, doc):
        if doc.loai == "bao_cao":
            raise KeyError("a bug of ours")
        return real(self, doc)

    monkeypatch.setattr(context_module.ContextBuilder, "build", broken)
    code, out, err = cli("plan", "--year", "2024", "--no-pdf")
    assert code == 2 and "Traceback" not in err and "KeyError" not in err
    line = next(x for x in err.splitlines() if "lỗi ngoài dự kiến" in x)
    assert "data/2024/bao_cao_tong_ket_2024.yaml" in line
    log = tmp_project.root / re.search(r"chi tiết ghi ở (\S+)\.", line)[1]
    assert "KeyError: 'a bug of ours'" in log.read_text(encoding="utf-8")
    assert out.count("Đã ghi") == DOCUMENTS - 1  # the other documents are built


def test_the_last_resort_prints_one_vietnamese_line_and_exits_2(cli, tmp_project, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr("pipeline.cli.build", broken)
    code, out, err = cli("plan", "--year", "2024")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "lỗi ngoài dự kiến" in err and "lệnh plan năm 2024" in err and "Traceback" not in err
    log = tmp_project.root / re.search(r"chi tiết ghi ở (\S+)\.", err)[1]
    assert "RuntimeError: something nobody expected" in log.read_text(encoding="utf-8")


def make(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", *args], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env}, timeout=300)


def test_make_help_is_vietnamese():
    result = make("help")
    targets = [line for line in result.stdout.splitlines() if line and not line.startswith("Cách dùng")]
    assert result.returncode == 0 and len(targets) >= 12
    assert all(re.search(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", t) for t in targets), targets


def test_make_variables_are_values_never_commands(tmp_path):
    marker = tmp_path / "chay_lenh_la"
    for year in (f"2024 ; touch {marker}", f"2024$$(touch {marker})", f"`touch {marker}`", f"2024' ; touch {marker} ; echo '"):
        result = make("check", f"YEAR={year}")
        assert result.returncode != 0 and "năm phải là số có 4 chữ số" in result.stderr, result.stderr
    result = make("new-year", f"FROM=2024 ; touch {marker}", "TO=2025")
    assert result.returncode != 0
    assert not marker.exists()


def test_a_mistyped_make_command_is_told_in_vietnamese():
    result = make("Plan", "YEAR=2024")
    assert result.returncode != 0 and "không có lệnh 'make Plan'" in result.stderr and "No rule" not in result.stderr


def test_under_make_the_clerk_reads_the_make_variable_not_the_option():
    result = make("plan", "YEAR=abc")
    assert "tham số YEAR:" in result.stderr and "--year" not in result.stderr and "Cách dùng: make plan YEAR=" in result.stderr


def test_output_that_cannot_be_printed_is_an_error_not_a_bug(cli, tmp_project):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "check", "--year", "2024"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 1 and "không in được" in result.stderr and "Traceback" not in result.stderr


def test_system_packages_that_cannot_be_installed_do_not_stop_the_data_work(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "id", "mktemp", "rm", "cat"):
        os.symlink(subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip(), bin_dir / tool)
    (bin_dir / "apt-get").write_text("#!/bin/sh\necho 'E: Unable to locate package libreoffice-writer-nogui'\nexit 100\n")
    (bin_dir / "apt-get").chmod(0o755)
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "setup-system.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(bin_dir), "TMPDIR": str(tmp_path)},
    )
    assert result.returncode == 0 and "CẢNH BÁO chưa cài được" in result.stderr
    assert "Unable" not in result.stderr + result.stdout  # apt's English went to the log it names
