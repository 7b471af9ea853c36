"""Bad input corpus: each tests/bad_inputs/NN_*.yaml is a whole document with one mistake.

The first comment lines of a case state what the pipeline must do with it:

    # case: why           what was broken (free text, optional)
    # expect: text        one message contains every 'expect' text (repeatable)
    # expect-ok: text     valid input: no problem, the rendered DOCX shows the text (repeatable)
    # severity: error     error: the document is refused; warning: it is built anyway
    # line: 12            the line the message points at (a list: any of them)
    # name: Kế hoạch.yaml copy the case under this name (file names are output names)
    # keep: x.yaml        keep this document of data/2024/ beside the case

Each case is built alone in a copy of the project (plus its 'keep' documents). Every
message must name a key path as a clerk reads it (noi_nhan[5].nhom), and build() must
never raise. The cases were made from data/2024/ke_hoach_khu_vuc_2024.yaml (one from
bao_cao_tong_ket_2024.yaml), each with one thing broken.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.build import build
from tools.docx_text import reading_lines

CASES_DIR = Path(__file__).parent / "bad_inputs"
HEADER = re.compile(r"^# (case|expect|expect-ok|severity|line|name|keep): ?(.*)$")
KEY_PATH = re.compile(r"[^\W\d]\w*(?:\[\d+\]|\.[^\W\d]\w*)*")  # as a clerk reads it: noi_nhan[5].nhom


@dataclass
class Case:
    path: Path
    expect: list[str] = field(default_factory=list)
    ok: list[str] = field(default_factory=list)
    severity: str = "error"
    lines: list[int] = field(default_factory=list)
    name: str = ""
    keep: list[str] = field(default_factory=list)


def load_case(path: Path) -> Case:
    """Read the expectation from the leading comment lines (the file may not be UTF-8)."""
    case = Case(path)
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        match = HEADER.match(line)
        if not match:
            break
        key, value = match[1], match[2].rstrip()
        if key == "expect":
            case.expect.append(value)
        elif key == "expect-ok":
            case.ok.append(value)
        elif key == "severity":
            case.severity = value
        elif key == "line":
            case.lines = [int(n) for n in value.split(",")]
        elif key == "name":
            case.name = value
        elif key == "keep":
            case.keep.append(value)
    assert case.expect or case.ok, f"{path.name}: no '# expect:' or '# expect-ok:' header"
    assert case.severity in ("error", "warning"), path.name
    return case


CASES = [load_case(p) for p in sorted(CASES_DIR.glob("*.yaml"))]


def test_corpus_is_complete():
    assert len(CASES) >= 32
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.yaml", c.path.name) for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.path.stem)
def test_bad_input(tmp_project, case: Case):
    year_dir = tmp_project.year_dir(2024)
    for other in year_dir.glob("*.yaml"):
        if other.name not in case.keep:
            other.unlink()
    target = year_dir / (case.name or case.path.name)
    shutil.copyfile(case.path, target)
    try:
        report = build(tmp_project, 2024, make_pdf=False)
    except Exception as exc:  # noqa: BLE001 - any escape is the failure under test
        pytest.fail(f"build() raised instead of reporting a located problem: {exc!r}")
    listing = "\n".join([*map(str, report.problems), *(f"(warning) {w}" for w in report.warnings), *report.failures])
    docx = tmp_project.output_dir(2024) / f"{target.stem}.docx"
    odd_keys = [str(p) for p in report.problems + report.warnings if p.key and not KEY_PATH.fullmatch(p.key)]
    assert not odd_keys, "key paths a clerk cannot follow (internal names, 0-based indexes):\n" + "\n".join(odd_keys)
    built = docx.exists() and docx in report.written

    if case.ok:
        assert report.ok and not report.warnings, listing
        assert built, listing
        text = "\n".join(reading_lines(docx))
        for part in case.ok:
            assert part in text, f"{part!r} not in the rendered text"
        return

    found = report.problems if case.severity == "error" else report.warnings
    shown = tmp_project.show(target)
    matching = [p for p in found if p.file == shown and all(e in str(p) for e in case.expect)]
    assert matching, f"no {case.severity} in {shown} containing {case.expect}; got:\n{listing or '(nothing)'}"
    assert all(p.line >= 1 and p.column >= 1 for p in matching)
    if case.lines:
        assert any(p.line in case.lines for p in matching), f"expected line {case.lines}; got:\n{listing}"
    if case.severity == "error":
        assert not report.ok
        assert not built and not docx.exists(), f"{docx.name} was written for a document with an error"
        if not case.keep:
            assert not report.written, report.written
    else:
        assert report.ok and not report.problems, listing
        assert built, f"{docx.name} not built despite only a warning"
