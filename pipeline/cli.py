"""Command line: ``python -m pipeline plan --year 2024`` (and ``golden``)."""
from __future__ import annotations

import argparse
import sys

from .build import Project, Report, build


def print_report(report: Report, project: Project) -> None:
    """Print what was written and skipped, then every problem (Vietnamese, for clerks)."""
    for path in report.written:
        print(f"Đã ghi   {project.show(path)}")
    for name in report.skipped:
        print(f"Bỏ qua   {name} (dữ liệu, danh mục và mẫu không đổi)")
    for problem in report.problems:
        print(f"LỖI      {problem}", file=sys.stderr)
    for failure in report.failures:
        print(f"LỖI      {failure}", file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} lỗi trong dữ liệu; văn bản có lỗi không được tạo lại, bản cũ được giữ nguyên.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit code (1 when anything went wrong)."""
    parser = argparse.ArgumentParser(prog="pipeline", description="Văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ dữ liệu YAML")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="tạo DOCX và PDF cho các văn bản trong data/<năm>/")
    plan.add_argument("--year", type=int, required=True)
    plan.add_argument("--no-pdf", action="store_true", help="chỉ tạo DOCX")
    plan.add_argument("--force", action="store_true", help="tạo lại cả văn bản không đổi")
    commands.add_parser("golden", help="ghi lại các tệp mẫu chuẩn tests/golden/ (xem diff trước khi commit)")
    args = parser.parse_args(argv)
    project = Project()
    if args.command == "golden":
        from .golden import record

        for path in record(project):
            print(f"Đã ghi   {project.show(path)}")
        return 0
    report = build(project, args.year, make_pdf=not args.no_pdf, force=args.force)
    print_report(report, project)
    return 0 if report.ok else 1
