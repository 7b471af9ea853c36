"""Command line: ``python -m pipeline plan --year 2024`` (and ``golden``)."""
from __future__ import annotations

import argparse
import sys

from pipeline.build import Project, Report, build, check


def print_report(report: Report, project: Project) -> None:
    """Print what was written and skipped, then every problem (Vietnamese, for clerks)."""
    for path in report.written:
        print(f"Đã ghi   {project.show(path)}")
    for line in report.revised:
        print(f"Sửa lại  {line}")
    for name in report.skipped:
        print(f"Bỏ qua   {name} (dữ liệu, danh mục và mẫu không đổi)")
    for warning in report.warnings:
        print(f"CẢNH BÁO {warning}", file=sys.stderr)
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
    plan.add_argument("--example", help="dựng văn bản mẫu data/examples/<tên>/ thay cho data/<năm>/")
    check_cmd = commands.add_parser("check", help="kiểm tra dữ liệu và tính nhất quán, không tạo văn bản")
    check_cmd.add_argument("--year", type=int, required=True)
    roll = commands.add_parser("new-year", help="tạo data/<năm mới>/ từ data/<năm cũ>/ (bản dự thảo)")
    roll.add_argument("--from", dest="source", type=int, required=True)
    roll.add_argument("--to", dest="target", type=int, required=True)
    commands.add_parser("examples", help="dựng mọi văn bản mẫu trong data/examples/ (DOCX và PDF)")
    commands.add_parser("schema", help="xuất JSON Schema của từng loại văn bản vào schema/ (cho trình soạn thảo)")
    args = parser.parse_args(argv)
    project = Project()
    if args.command == "schema":
        from pipeline.output.files import write_atomic
        from pipeline.data.schema import json_schemas

        for name, text in json_schemas().items():
            write_atomic(project.root / "schema" / name, text.encode("utf-8"))
            print(f"Đã ghi   schema/{name}")
        return 0
    if args.command == "new-year":
        return report_new_year(project, args.source, args.target)
    if args.command == "check":
        report = check(project, args.year)
        print_report(report, project)
        if report.ok:
            print(f"Không có lỗi ({len(report.warnings)} cảnh báo).")
        return 0 if report.ok else 1
    if args.command == "examples":
        return build_examples(project)
    if args.example:
        project = project.example(args.example)
    report = build(project, args.year, make_pdf=not args.no_pdf, force=args.force)
    print_report(report, project)
    return 0 if report.ok else 1


def build_examples(project: Project) -> int:
    """Build every example in its own plan year; return the exit code."""
    failed = 0
    for name in project.examples():
        example = project.example(name)
        for year in example.years():
            report = build(example, year)
            print_report(report, example)
            failed += not report.ok
    return 1 if failed else 0


def report_new_year(project: Project, source: int, target: int) -> int:
    """Create next year's data and list what the clerk should review; return the exit code."""
    from pipeline.newyear import new_year

    written, report = new_year(project, source, target)
    for path in written:
        print(f"Đã tạo   {project.show(path)} (bản dự thảo: số và ngày để trống)")
    for failure in report.failures:
        print(f"LỖI      {failure}", file=sys.stderr)
    if written:
        print(f"Cần xem lại trong năm {target}: {len(report.problems)} lỗi, {len(report.warnings)} cảnh báo.")
        print_report(report, project)
    return 0 if written else 1
