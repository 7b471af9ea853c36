"""Command line: ``python -m pipeline plan --year 2024`` and the other clerk's commands.

Everything printed is Vietnamese, argument errors included. Exit codes: 0 all
done, 1 something in the data or on the machine needs the clerk (every problem
is printed, or the results could not be printed), 2 an unexpected error of the
program (one line says where the details were written), 130 stopped with
Ctrl+C, 143 and 129 stopped by SIGTERM and SIGHUP.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import signal
import sys
import unicodedata
from pathlib import Path
from typing import NoReturn

from pipeline.build import Report, build, check, internal_error
from pipeline.oserrors import describe
from pipeline.output import clean as cleaning
from pipeline.output import lock
from pipeline.output.history import HISTORY
from pipeline.output.progress import Progress
from pipeline.project import FIRST_YEAR, LAST_YEAR, Project, year_problem

ARGPARSE = (
    (r"^the following arguments are required: (.*)$", r"thiếu tham số bắt buộc: \1"),
    (r"^unrecognized arguments: (.*)$", r"tham số không nhận ra: \1"),
    (r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$", r"tham số \1: không có lựa chọn \2 (chọn một trong: \3)"),
    (r"^argument (\S+): expected one argument$", r"tham số \1 cần một giá trị"),
    (r"^argument (\S+): (.*)$", r"tham số \1: \2"),
)


MAKE_NAMES = {
    "--year": "YEAR",
    "--from": "FROM",
    "--to": "TO",
    "--pdf": "PDF",
    "--lich-su": "LICH_SU",
    "--doc": "DOC",
    "--ngay": "NGAY",
    "--p12": "P12",
    "--kem": "KEM",
    "--anh": "ANH",
    "--buoc": "BUOC",
    "--pkcs11": "PKCS11",
    "--token": "TOKEN",
    "--khoa": "KHOA",
    "--ca": "CA",
    "--cong": "CONG",
}
MAKE_USAGE = {
    "plan": "make plan YEAR=<năm> [PDF=khong]",
    "check": "make check YEAR=<năm>",
    "new-year": "make new-year FROM=<năm cũ> TO=<năm mới>",
    "clean": "make clean [LICH_SU=xoa]",
    "cap-so": "make cap-so DOC=data/<năm>/<tên>.yaml NGAY=<năm-tháng-ngày>",
    "so-van-ban": "make so-van-ban YEAR=<năm> [PDF=khong]",
    "xem": "make xem YEAR=<năm> [CONG=<cổng>]",
    "ky-so": "make ky-so DOC=data/<năm>/<tên>.yaml P12=<tệp .p12> [ANH=<ảnh .png>] [KEM=<tệp PDF kèm theo>]",
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with its own words in Vietnamese (usage, headings, errors)."""

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in ARGPARSE:
            message = re.sub(english, vietnamese, message)
        if os.environ.get("MAKELEVEL"):  # the clerk typed make plan YEAR=…: speak of YEAR, not of --year
            for option, variable in MAKE_NAMES.items():
                message = message.replace(option, variable)
            print(f"Cách dùng: {MAKE_USAGE.get(self.prog.split()[-1], 'make help')}", file=sys.stderr)
            print(f"LỖI      {message}", file=sys.stderr)
            closing(1)
            self.exit(1)
        self.print_usage(sys.stderr)
        print(f"LỖI      {message}", file=sys.stderr)
        closing(1)
        self.exit(1)


def year(text: str) -> int:
    """argparse type of a plan year: four digits, in the accepted range."""
    if not text.strip():
        raise argparse.ArgumentTypeError("thiếu năm: ghi một năm có 4 chữ số, ví dụ 2024")
    if not re.fullmatch(r"\d{4,5}", text.strip()):
        raise argparse.ArgumentTypeError(f"năm phải là số có 4 chữ số (ví dụ 2024), nhận được {text!r}")
    if problem := year_problem(int(text)):
        raise argparse.ArgumentTypeError(problem)
    return int(text)


def port_number(text: str) -> int:
    """argparse type of the port of make xem's page (0: any free one)."""
    if not text.strip().isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là một số đến 65535 (ví dụ 8030), nhận được {text!r}")
    return int(text)


def day(text: str):
    """argparse type of a date of signing (NGAY=2024-12-20 or 20/12/2024)."""
    from pipeline.issue.number import parse_day

    found = parse_day(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"ngày {text!r} không đúng hoặc không có: ghi 2024-12-20 hoặc 20/12/2024")
    return found


def choice(**meanings: bool):
    """Return an argparse type for a word of the Makefile (PDF=khong): with or without diacritics, any case."""

    def parse(text: str) -> bool:
        word = unicodedata.normalize("NFD", text.strip().lower()).encode("ascii", "ignore").decode()
        if word not in meanings:
            raise argparse.ArgumentTypeError(f"không hiểu {text!r}; dùng một trong: {', '.join(meanings)}")
        return meanings[word]

    return parse


def example_name(text: str) -> str:
    """argparse type of an example: the name of a folder under data/examples/."""
    names = Project().examples()
    if text not in names:
        raise argparse.ArgumentTypeError(f"không có văn bản mẫu {text!r} trong data/examples/; có: {', '.join(names) or 'không có'}")
    return text


def parser() -> Parser:
    """Return the command-line parser."""
    main = Parser(
        prog="pipeline",
        description=f"Văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ dữ liệu YAML (năm kế hoạch từ {FIRST_YEAR} đến {LAST_YEAR})",
    )
    commands = main.add_subparsers(dest="command", required=True, title="lệnh", metavar="lệnh", parser_class=Parser)
    plan = commands.add_parser("plan", help="tạo DOCX và PDF cho các văn bản trong data/<năm>/")
    plan.add_argument("--year", type=year, required=True, metavar="NĂM", help="năm kế hoạch (tên thư mục trong data/)")
    plan.add_argument("--no-pdf", action="store_true", help="chỉ tạo DOCX (PDF cũ không còn khớp sẽ được gỡ)")
    plan.add_argument(
        "--pdf",
        type=choice(co=True, khong=False),
        default=True,
        metavar="co|khong",
        help="có tạo PDF không (make plan PDF=khong); mặc định: co",
    )
    plan.add_argument("--force", action="store_true", help="tạo lại cả văn bản không đổi")
    plan.add_argument("--example", type=example_name, metavar="TÊN", help="dựng văn bản mẫu data/examples/<tên>/ thay cho data/<năm>/")
    check_cmd = commands.add_parser("check", help="kiểm tra dữ liệu và tính nhất quán, không tạo văn bản")
    check_cmd.add_argument("--year", type=year, required=True, metavar="NĂM", help="năm kế hoạch")
    roll = commands.add_parser("new-year", help="tạo data/<năm mới>/ từ data/<năm cũ>/ (bản dự thảo)")
    roll.add_argument("--from", dest="source", type=year, required=True, metavar="NĂM", help="năm đã có dữ liệu")
    roll.add_argument("--to", dest="target", type=year, required=True, metavar="NĂM", help="năm mới")
    number = commands.add_parser("cap-so", help="cấp số tiếp theo và ngày ký cho một văn bản, ghi vào tệp dữ liệu")
    number.add_argument("--doc", required=True, metavar="TỆP", help="tệp dữ liệu văn bản: data/<năm>/<tên>.yaml")
    number.add_argument("--ngay", type=day, required=True, metavar="NGÀY", help="ngày ký: 2024-12-20 hoặc 20/12/2024")
    book = commands.add_parser("so-van-ban", help="in sổ đăng ký văn bản đi của từng cơ quan trong một năm (DOCX, PDF, CSV)")
    book.add_argument("--year", type=year, required=True, metavar="NĂM", help="năm dương lịch của ngày ký")
    book.add_argument("--pdf", type=choice(co=True, khong=False), default=True, metavar="co|khong", help="có tạo PDF không")
    sign = commands.add_parser("ky-so", help="ký số bản PDF đã ban hành (người ký, rồi cơ quan) hoặc tệp kèm theo")
    sign.add_argument("--doc", required=True, metavar="TỆP", help="tệp dữ liệu của văn bản đã ban hành: data/<năm>/<tên>.yaml")
    sign.add_argument("--p12", metavar="TỆP", help="tệp chứng thư số PKCS#12 (.p12, .pfx) của người ký hoặc của cơ quan")
    sign.add_argument("--pkcs11", metavar="THƯ_VIỆN", help="thư viện PKCS#11 của thiết bị ký số (USB token), thay cho --p12")
    sign.add_argument("--token", metavar="NHÃN", help="nhãn (label) của token PKCS#11")
    sign.add_argument("--khoa", metavar="NHÃN", help="nhãn khóa ký trong token PKCS#11 (mặc định: khóa đầu tiên)")
    sign.add_argument("--anh", metavar="TỆP", help="ảnh PNG nền trong suốt: chữ ký (màu xanh) hoặc dấu (màu đỏ); mặc định lấy từ danh mục")
    sign.add_argument("--buoc", choices=("nguoi-ky", "co-quan"), help="bước ký (mặc định: tự nhận ra từ bản đã ký)")
    sign.add_argument("--ca", metavar="TỆP", help="chứng thư gốc (PEM) để kiểm tra chữ ký có được tin cậy không")
    sign.add_argument("--kem", metavar="TỆP", help="tệp PDF kèm theo văn bản (không cùng tệp): cơ quan ký số, không hình ảnh")
    watch = commands.add_parser("xem", help="dựng lại mỗi khi lưu tệp và xem danh sách văn bản, PDF trên trình duyệt")
    watch.add_argument("--year", type=year, required=True, metavar="NĂM", help="năm kế hoạch")
    watch.add_argument(
        "--cong", type=port_number, default=8030, metavar="CỔNG", help="cổng của trang xem trên máy này (mặc định 8030; 0: tự chọn)"
    )
    commands.add_parser("chung-thu-thu", help="tạo chứng thư số THỬ (CA thử, người ký, cơ quan) để tập ký số; không dùng thật")
    commands.add_parser("examples", help="dựng mọi văn bản mẫu trong data/examples/ (DOCX và PDF)")
    commands.add_parser("schema", help="xuất JSON Schema của từng loại văn bản vào schema/ (cho trình soạn thảo)")
    clean = commands.add_parser("clean", help=f"xóa kết quả trong output/, giữ lại lịch sử ({HISTORY}/)")
    clean.add_argument("--ca-lich-su", action="store_true", help=f"xóa cả lịch sử các bản cũ ({HISTORY}/): phải gõ xác nhận")
    clean.add_argument(
        "--lich-su",
        type=choice(giu=False, xoa=True),
        default=False,
        metavar="giu|xoa",
        help="giữ (mặc định) hay xóa cả lịch sử (make clean LICH_SU=xoa)",
    )
    return main


class Stopped(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): unwinds like Ctrl+C, so nothing is left half done."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def closing(code: int) -> None:
    """Under make, say what a failure means before make adds its own line ('make: *** … Error 1', English)."""
    if code and os.environ.get("MAKELEVEL"):
        print(
            f"Lệnh dừng với mã {code} ({'cần sửa các LỖI ở trên' if code == 1 else 'lỗi của chương trình'}); dòng "
            "'make: ***' của make ngay sau đây chỉ nhắc lại điều này.",
            file=sys.stderr,
        )


def print_report(report: Report, project: Project) -> None:
    """Print what was written and skipped, then every problem (Vietnamese, for clerks)."""
    for path in report.written:
        print(f"Đã ghi   {project.show(path)}")
    for line in report.revised:
        print(f"Sửa lại  {line}")
    for name in report.skipped:
        print(f"Bỏ qua   {name} (dữ liệu, danh mục, mẫu và tệp kết quả không đổi)")
    for name in report.unchanged:
        print(f"Giữ nguyên {name} (đã dựng lại, kết quả giống hệt bản đang có)")
    for line in report.issued:
        print(f"Ban hành {line} (bản DOCX, PDF và dữ liệu lúc ban hành được lưu, không bao giờ ghi đè)")
    for name in report.frozen:
        print(f"Giữ nguyên {name} (đã ban hành: giữ đúng bản đã lưu ở {project.issued}/, không theo mẫu hoặc chương trình mới)")
    for line in report.notices:
        print(f"LƯU Ý    {line}")
    for warning in report.warnings:
        print(f"CẢNH BÁO {warning}", file=sys.stderr)
    for problem in report.problems:
        print(f"LỖI      {problem}", file=sys.stderr)
    for failure in report.failures:
        print(f"LỖI      {failure}", file=sys.stderr)
    for line in report.internal:
        print(f"LỖI      {line}", file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} lỗi trong dữ liệu; văn bản có lỗi không được tạo lại, bản cũ được giữ nguyên.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit code (0 done, 1 something to fix, 2 a program error)."""
    args = parser().parse_args(argv)
    project = Project()
    for signum in (signal.SIGTERM, signal.SIGHUP):  # stopped from outside: clean up as for Ctrl+C
        signal.signal(signum, _stop)
    try:
        code = run(args, project)
        closing(code)
        return code
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; các tệp đã ghi trước đó giữ nguyên, không có tệp nào ghi dở.", file=sys.stderr)
        return 130
    except Stopped as exc:
        print(f"Đã dừng (tín hiệu {exc.signum}); các tệp đã ghi trước đó giữ nguyên, không có tệp nào ghi dở.", file=sys.stderr)
        return 128 + exc.signum
    except OSError as exc:  # the terminal or the pipe we print to is gone, or full
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            print(f"LỖI      không in được kết quả ra màn hình hoặc tệp: {describe(exc)}", file=sys.stderr)
        except OSError:
            pass
        return 1
    except Exception:  # noqa: BLE001 - the last resort: one Vietnamese line, the details in a file
        report = Report()
        internal_error(project, f"lệnh {args.command}" + (f" năm {args.year}" if getattr(args, "year", None) else ""), report)
        print(f"LỖI      {report.internal[0]}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace, project: Project) -> int:
    """Run one parsed command."""
    if args.command == "schema":
        from pipeline.kinds import json_schemas
        from pipeline.output.files import write_atomic

        for name, text in json_schemas().items():
            write_atomic(project.root / "schema" / name, text.encode("utf-8"))
            print(f"Đã ghi   schema/{name}")
        return 0
    if args.command == "new-year":
        return report_new_year(project, args.source, args.target)
    if args.command == "clean":
        return clean(project, args.ca_lich_su or args.lich_su)
    if args.command == "cap-so":
        from pipeline.issue.number import give_number

        outcome = give_number(project, Path(args.doc), args.ngay)
        for line in outcome.done:
            print(line)
        for problem in outcome.problems:
            print(f"LỖI      {problem}", file=sys.stderr)
        for failure in outcome.failures:
            print(f"LỖI      {failure}", file=sys.stderr)
        return 0 if outcome.done else 1
    if args.command == "so-van-ban":
        from pipeline.issue.books import write_books

        return write_books(project, args.year, make_pdf=args.pdf)
    if args.command == "ky-so":
        from pipeline.issue.signing import sign_command

        return sign_command(project, args)
    if args.command == "chung-thu-thu":
        from pipeline.issue.signing import make_test_certificates

        return make_test_certificates(project)
    if args.command == "check":
        report = check(project, args.year)
        print_report(report, project)
        if report.ok:
            print(f"Không có lỗi ({len(report.warnings)} cảnh báo).")
        return report.exit_code
    if args.command == "examples":
        return build_examples(project)
    if args.command == "xem":
        return watch_year(project, args.year, args.cong)
    if args.example:
        project = project.example(args.example)
    progress = Progress()
    try:
        report = build(
            project,
            args.year,
            make_pdf=args.pdf and not args.no_pdf,
            force=args.force,
            on_wait=lambda: waiting(project, args.year),
            progress=progress,
        )
    finally:
        progress.close()
    print_report(report, project)
    return report.exit_code


def watch_year(project: Project, year: int, port: int) -> int:
    """make xem: serve the page, keep the converters warm, rebuild on every save until Ctrl+C."""
    from pipeline.live.page import Page
    from pipeline.live.watch import loop
    from pipeline.pdf.convert import ConverterMissing, Pool

    try:
        page = Page(project, year, port)
    except OSError as exc:
        taken = exc.errno == errno.EADDRINUSE
        why = "cổng này đang có chương trình khác dùng (có thể một make xem khác đang chạy)" if taken else describe(exc)
        print(
            f"LỖI      không mở được trang xem ở cổng {port}: {why}; chọn cổng khác: make xem YEAR={year} CONG=8031",
            file=sys.stderr,
        )
        return 1
    try:
        converters = Pool()
    except ConverterMissing as exc:
        print(f"LỖI      {exc}", file=sys.stderr)
        return 1
    page.start()
    print(
        f"Xem các văn bản năm {year} tại {page.address} (chỉ trên máy này); lưu tệp dữ liệu là văn bản được dựng lại. Dừng: Ctrl+C",
        flush=True,
    )
    try:
        converters.warm()
        loop(project, year, converters, page.update)
    finally:
        converters.close()
        page.stop()
    return 0


def waiting(project: Project, year: int) -> None:
    print(
        f"Đang chờ: một lần chạy khác đang ghi vào {project.show(project.output_dir(year))}/; sẽ tiếp tục khi lần đó xong…",
        file=sys.stderr,
        flush=True,
    )


def build_examples(project: Project) -> int:
    """Build every example in its own plan year; return the exit code."""
    worst = 0
    for name in project.examples():
        example = project.example(name)
        years = example.years()
        if len(years) != 1:
            print(f"LỖI      data/examples/{name}/ cần đúng một thư mục năm, đang có {len(years)}", file=sys.stderr)
            worst = max(worst, 1)
            continue
        report = build(example, years[0])
        print_report(report, example)
        worst = max(worst, report.exit_code)
    return worst


def clean(project: Project, history: bool) -> int:
    """Remove generated output, keeping every history folder unless the clerk confirms."""
    output = project.root / project.output
    if not output.is_dir():
        print("Không có gì để xóa (chưa có thư mục output/).")
        return 0
    if history:
        answer = (
            input(
                f"Xóa cả lịch sử các bản cũ trong {project.show(output)}/*/{HISTORY}/ (bản đã ban hành trong {project.issued}/ "
                "không bị xóa)? Gõ 'xoa' để xác nhận: "
            )
            if sys.stdin.isatty()
            else ""
        )
        if answer.strip() != "xoa":
            print(
                "LỖI      Không xóa gì: cần xác nhận bằng cách gõ 'xoa' (chỉ làm được khi chạy trực tiếp trong cửa sổ lệnh).",
                file=sys.stderr,
            )
            return 1
    removed, worst = 0, 0
    for folder in sorted(output_folders(output)):
        with lock.hold(folder, on_wait=lambda folder=folder: print(f"Đang chờ lần chạy khác ghi xong {project.show(folder)}/…")):
            result = cleaning.clean(folder, history=history)
        removed += result.removed
        for line in result.kept:
            print(f"LƯU Ý    đã cất {project.show(folder)}/{line} trước khi xóa (tệp bị sửa ngoài chương trình, có thể đã ký số)")
        for name in result.left:
            print(f"LƯU Ý    để lại {project.show(folder)}/{name} (không có trong hồ sơ kết quả .manifest.json của chương trình)")
        for line in result.failures:
            print(f"LỖI      {line}", file=sys.stderr)
            worst = 1
    kept = "" if history else f"; lịch sử các bản cũ ({HISTORY}/) và hồ sơ văn bản đã ban hành được giữ lại"
    print(f"Đã xóa {removed} mục trong {project.show(output)}/{kept}.")
    return worst


def output_folders(output: Path) -> list[Path]:
    """Return the output folders under output/: one per year, and one per example and year."""
    found = []
    for entry in output.iterdir() if output.is_dir() else ():
        if entry.is_dir() and entry.name.isdigit():
            found.append(entry)
        elif entry.is_dir() and entry.name == "examples":
            found += [
                year
                for example in entry.iterdir()
                if example.is_dir()
                for year in example.iterdir()
                if year.is_dir() and year.name.isdigit()
            ]
    return found


def report_new_year(project: Project, source: int, target: int) -> int:
    """Create next year's data and list what the clerk should review; return the exit code."""
    from pipeline.newyear import new_year

    written, notes, report = new_year(project, source, target)
    for path in written:
        print(f"Đã tạo   {project.show(path)}")
    for line in notes:
        print(f"LƯU Ý    {line}")
    for failure in report.failures:
        print(f"LỖI      {failure}", file=sys.stderr)
    if written:
        print(f"Cần xem lại trong năm {target}: {len(report.problems)} lỗi, {len(report.warnings)} cảnh báo.")
        print_report(Report(problems=report.problems, warnings=report.warnings), project)
    return 0 if written and not report.problems else 1
