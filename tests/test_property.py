"""Property: whatever a hurried clerk or a damaged disk does to a data file, the run ends with
exit code 0 or 1 (never a traceback, never a bug report), and the output folder is either
exactly as before or complete and right (every recorded file present with its hash, every
DOCX a readable package), with no staging folder left behind.

Mutations, applied to one data file of data/2024/ or a registry: delete or duplicate a line,
delete a block, change a value's type, insert random Unicode (invisible, bidirectional and
control characters among it), truncate the file. ND30_PROPERTY_EXAMPLES sets how many runs
(100 by default).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.build import Project, build
from pipeline.cli import main
from pipeline.output.files import file_hash

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [
        *(ROOT / "data" / "2024").glob("*.yaml"),
        ROOT / "data" / "danh_muc" / "co_quan.yaml",
        ROOT / "data" / "danh_muc" / "nguoi_ky.yaml",
    ]
)
SPECIAL = [
    "\x00",
    "\x0b",
    "\x07",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u2028",
    "\ufffd",
    "\t",
    "\r",
    "\n",
    ": ",
    "- ",
    "#",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "{{",
    "}}",
    "{{ nam.real }}",
    "&a ",
    "*a",
    "!!python/object ",
    "---\n",
    "%YAML 1.1\n",
    "~",
    "0x10",
    "8:30",
    ".inf",
    "no",
    "Ế",
    "e\u0301",
    "¸µ",
]
VALUES = [
    "~",
    "",
    "[]",
    "{}",
    "true",
    "12",
    "0",
    "-1",
    "99999",
    "1_000",
    "2024-02-30",
    "29/02",
    "[a, b]",
    "{a: 1}",
    "'unclosed",
    '"',
    "*alias",
    "&anchor x",
    "!!str x",
    "{{ kq.items }}",
    "x" * 6000,
    ".nan",
    "- item",
]


def mutate(text: str, data) -> str:
    """Apply one random mutation drawn from data (a hypothesis draw function)."""
    lines = text.split("\n")
    kind = data.draw(st.sampled_from(["truncate", "insert", "delete", "duplicate", "value", "block"]))
    at = data.draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    if kind == "insert":
        piece = data.draw(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=8)))
        spot = data.draw(st.integers(0, len(text)))
        return text[:spot] + piece + text[spot:]
    if kind == "delete":
        return "\n".join(lines[:at] + lines[at + 1 :])
    if kind == "duplicate":
        return "\n".join(lines[: at + 1] + lines[at:])
    if kind == "block":
        end = data.draw(st.integers(at, min(at + 30, len(lines))))
        return "\n".join(lines[:at] + lines[end:])
    line = lines[at]
    head = line.split(": ", 1)[0] if ": " in line else line.rstrip(":")
    lines[at] = f"{head}: {data.draw(st.sampled_from(VALUES))}"
    return "\n".join(lines)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("baseline")
    for folder in ("data", "doc_templates"):
        shutil.copytree(ROOT / folder, root / folder)
    assert build(Project(root), 2024, make_pdf=False).ok
    return root


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def complete_and_right(out: Path) -> None:
    records = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))["documents"]
    for name, record in records.items():
        for file, digest in record["files"].items():
            assert file_hash(out / file) == digest, f"{file} does not match the manifest"
        with zipfile.ZipFile(out / f"{name}.docx") as package:
            etree.fromstring(package.read("word/document.xml"))
    assert not [p for p in out.iterdir() if p.name.startswith(".tam-")]


@settings(
    max_examples=int(os.environ.get("ND30_PROPERTY_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_mutation_of_a_data_file_gives_a_traceback_or_damaged_output(baseline, tmp_path_factory, monkeypatch, data):
    root = tmp_path_factory.mktemp("run")
    shutil.copytree(baseline, root, dirs_exist_ok=True)
    project = Project(root)
    target = root / data.draw(st.sampled_from(FILES))
    text = target.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        text = mutate(text, data)
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = project.output_dir(2024)
    before = snapshot(out)
    monkeypatch.setattr("pipeline.cli.Project", lambda: project)
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["plan", "--year", "2024", "--no-pdf"])
    said = stderr.getvalue()
    assert code in (0, 1), said
    assert "Traceback" not in said and "lỗi ngoài dự kiến" not in said, said
    after = snapshot(out)
    if after != before:
        complete_and_right(out)
    shutil.rmtree(root)
