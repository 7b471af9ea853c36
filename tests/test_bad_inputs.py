"""Bad input corpus: each tests/bad_inputs/NN_*.yaml is a whole document with one mistake,
or a valid document with one thing wrong around it (a folder, a link, a damaged output).

The first comment lines of a case state what the pipeline must do with it:

    # case: why           what was broken (free text, optional)
    # expect: text        one message contains every 'expect' text (repeatable)
    # expect-ok: text     valid input: no problem, the rendered DOCX shows the text (repeatable)
    # severity: error     error: the document is refused; warning: it is built anyway;
    #                     notice: it is built and a LƯU Ý line says what was repaired;
    #                     failure: a message not located in a data file (a folder in the way)
    # line: 12            the line the message points at (a list: any of them)
    # count: 1            exactly this many errors in the run (no follow-on errors)
    # file: data/...      the file the message names (default: the case itself)
    # name: x.yaml        copy the case under this name (file names are output names)
    # year: 2025          put the case in data/<year>/ (default 2024)
    # keep: x.yaml        keep this document of data/2024/ beside the case
    # from: x.yaml        the valid document the case was made from (default ke_hoach_khu_vuc_2024.yaml)
    # setup: ACTION ...   before the run: mkdir PATH | fifo PATH | symlink PATH TARGET | write PATH TEXT | garbage PATH | remove PATH
    #                     | copy PATH PATH | replace PATH OLD => NEW (first line that starts with OLD once
    #                     indented; paths from the project's root)
    # changes: PATH       the output files this case may change (repeatable; a folder covers what is in it)
    # args: --force       build with --force

Each case is built alone in a copy of the project (plus its 'keep' documents). For an
error, the valid document it was made from is built first under the case's name, and the
whole output folder must be byte for byte the same after the bad run: a mistake never
damages earlier output. (A warning is built, so its output changes.) Every message must name a key path as a clerk reads it
(noi_nhan[5].nhom), and build() must never raise.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.build import build
from tools.docx_text import reading_lines

CASES_DIR = Path(__file__).parent / "bad_inputs"
HEADER = re.compile(r"^# (case|expect|expect-ok|severity|line|count|file|name|year|keep|from|setup|changes|args): ?(.*)$")
KEY_PATH = re.compile(r"[^\W\d]\w*(?:\[\d+\]|\.[^\W\d]\w*|\['[^']*'\])*")  # as a clerk reads it: noi_nhan[5].nhom
DEFAULT_SOURCE = "ke_hoach_khu_vuc_2024.yaml"


@dataclass
class Case:
    path: Path
    expect: list[str] = field(default_factory=list)
    ok: list[str] = field(default_factory=list)
    severity: str = "error"
    lines: list[int] = field(default_factory=list)
    count: int | None = None
    file: str = ""
    name: str = ""
    year: int = 2024
    keep: list[str] = field(default_factory=list)
    source: str = DEFAULT_SOURCE
    setup: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    force: bool = False


def load_case(path: Path) -> Case:
    """Read the expectation from the leading comment lines (the file may not be UTF-8)."""
    case = Case(path)
    for line in path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff").splitlines():
        match = HEADER.match(line)
        if not match:
            break
        key, value = match[1], match[2].rstrip()
        if key == "expect":
            case.expect.append(value)
        elif key == "expect-ok":
            case.ok.append(value)
        elif key == "line":
            case.lines = [int(n) for n in value.split(",")]
        elif key in ("count", "year"):
            setattr(case, key, int(value))
        elif key == "from":
            case.source = value
        elif key in ("keep", "setup", "changes"):
            getattr(case, key).append(value)
        elif key == "args":
            case.force = "--force" in value
        else:
            setattr(case, key, value)
    assert case.expect or case.ok, f"{path.name}: no '# expect:' or '# expect-ok:' header"
    assert case.severity in ("error", "warning", "notice", "failure"), path.name
    return case


CASES = [load_case(p) for p in sorted(CASES_DIR.glob("*.yaml"))]


def test_corpus_is_complete():
    assert len(CASES) >= 120
    assert all(re.fullmatch(r"\d{2,3}_[a-z0-9_]+\.yaml", c.path.name) for c in CASES)
    assert len({c.path.name.split("_")[0] for c in CASES}) == len(CASES), "two cases share a number"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Return every entry under a folder: file bytes, or None for a folder or a link."""
    found = {}
    for path in sorted(folder.rglob("*")) if folder.exists() else ():
        relative = path.relative_to(folder).as_posix()
        found[relative] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return found


def apply_setup(root: Path, action: str) -> None:
    verb, _, rest = action.partition(" ")
    if verb == "replace":  # replace PATH OLD => NEW
        where, _, change = rest.partition(" ")
        old, new = change.split(" => ")
        text = (root / where).read_text(encoding="utf-8")
        text, count = re.subn(f"^([ \\t-]*){re.escape(old)}", lambda m: m[1] + new, text, count=1, flags=re.M)
        assert count == 1, action
        (root / where).write_text(text, encoding="utf-8")
        return
    if verb == "copy":
        source, destination = (root / p for p in rest.split(" "))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        return
    if verb == "write":
        where, _, text = rest.partition(" ")
        target = root / where
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(codecs.decode(text, "unicode_escape").encode("latin-1").decode("utf-8"), encoding="utf-8")
        return
    target = root / rest.split(" ")[0]
    if verb in ("mkdir", "fifo", "symlink", "remove") and (target.is_file() or target.is_symlink()):
        target.unlink()
    if verb == "mkdir":
        target.mkdir(parents=True)
    elif verb == "fifo":
        os.mkfifo(target)
    elif verb == "symlink":
        os.symlink(rest.split(" ")[1], target)
    elif verb == "garbage":
        target.write_bytes(b"PK\x03\x04 garbage, not a document \x00\xff" * 10)
    elif verb != "remove":
        raise AssertionError(f"unknown setup action {action!r}")


def allowed(name: str, changes: list[str]) -> bool:
    return any(name == c or name.startswith(c.rstrip("/") + "/") for c in changes)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.path.stem)
def test_bad_input(tmp_project, case: Case):
    root = tmp_project.root
    data_2024 = tmp_project.year_dir(2024)
    source_text = (data_2024 / case.source).read_bytes()
    for other in data_2024.glob("*.yaml"):
        if other.name not in case.keep:
            other.unlink()
    year_dir = tmp_project.year_dir(case.year)
    year_dir.mkdir(exist_ok=True)
    target = year_dir / (case.name or case.path.name)
    out = tmp_project.output_dir(case.year)
    prior = not case.ok
    if prior:  # the valid document first, under the case's name: its output must survive the bad run
        target.write_bytes(source_text)
        build(tmp_project, case.year, make_pdf=False)
    shutil.copyfile(case.path, target)
    for action in case.setup:
        apply_setup(root, action)
    before = snapshot(out)
    try:
        report = build(tmp_project, case.year, make_pdf=False, force=case.force)
    except Exception as exc:  # noqa: BLE001 - any escape is the failure under test
        pytest.fail(f"build() raised instead of reporting a located problem: {exc!r}")
    listing = "\n".join(
        [
            *map(str, report.problems),
            *(f"(warning) {w}" for w in report.warnings),
            *(f"(notice) {n}" for n in report.notices),
            *report.failures,
            *report.internal,
        ]
    )
    assert not report.internal, listing
    docx = out / f"{target.stem}.docx"
    odd_keys = [str(p) for p in report.problems + report.warnings if p.key and not KEY_PATH.fullmatch(p.key)]
    assert not odd_keys, "key paths a clerk cannot follow (internal names, 0-based indexes):\n" + "\n".join(odd_keys)
    built = docx.exists() and (docx in report.written or target.stem in report.unchanged)
    if case.count is not None:
        assert len(report.problems) == case.count, listing

    if case.ok:
        assert report.ok and not report.warnings, listing
        assert built, listing
        text = "\n".join(reading_lines(docx))
        for part in case.ok:
            assert part in text, f"{part!r} not in the rendered text"
        return

    shown = case.file or tmp_project.show(target)
    if case.severity in ("error", "warning"):
        found = [str(p) for p in (report.problems if case.severity == "error" else report.warnings) if p.file == shown]
        located = [p for p in (report.problems if case.severity == "error" else report.warnings) if p.file == shown]
    else:
        found = report.notices if case.severity == "notice" else report.failures
        located = []
    matching = [m for m in found if all(e in m for e in case.expect)]
    assert matching, f"no {case.severity} for {shown} containing {case.expect}; got:\n{listing or '(nothing)'}"
    if case.lines:
        assert any(p.line in case.lines and all(e in str(p) for e in case.expect) for p in located), (
            f"expected line {case.lines}; got:\n{listing}"
        )
    assert all(p.line >= 1 and p.column >= 1 for p in located)
    if case.severity == "warning":
        assert report.ok and not report.problems, listing
        assert built, f"{docx.name} not built despite only a warning"
        return
    if case.severity == "notice":
        assert report.ok, listing
    else:
        assert not report.ok
        assert not built or shown != tmp_project.show(target), f"{docx.name} was written for a document with an error"
    after = snapshot(out)
    changed = sorted(n for n in set(before) | set(after) if before.get(n, b"?") != after.get(n, b"?") and not allowed(n, case.changes))
    assert not changed, f"output changed by a run that must leave it alone: {changed}"
