"""Each reference document regenerated from data matches its text, but for listed corrections."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from pipeline.project import Project
from tools.fidelity import apply, compare, load_corrections, normalise

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Project(ROOT).examples()  # every folder of data/examples/ with a seed.txt


def test_every_example_folder_has_its_seed_and_one_year(project):
    folders = sorted(p.name for p in (ROOT / "data" / "examples").iterdir() if p.is_dir())
    assert folders == SEEDS and len(SEEDS) >= 3
    assert all(len(project.example(name).years()) == 1 for name in SEEDS)


@pytest.mark.parametrize(
    "damage, words",
    [
        ("no_document", "cần đúng một văn bản"),
        ("two_years", "cần đúng một thư mục năm"),
        ("no_year", "cần đúng một thư mục năm"),
    ],
)
def test_a_broken_example_folder_is_an_error_not_a_match(tmp_project, damage, words):
    name = SEEDS[0]
    example = tmp_project.example(name)
    (year,) = example.years()
    folder = example.year_dir(year)
    if damage == "no_document":
        for path in folder.glob("*.yaml"):
            path.unlink()
    elif damage == "two_years":
        shutil.copytree(folder, example.year_dir(year + 1))
    else:
        shutil.rmtree(folder)
    result = compare(tmp_project, name)
    assert not result.ok and any(words in p.message for p in result.problems), result.problems


def test_a_seed_in_decomposed_unicode_still_matches(tmp_project):
    name = SEEDS[0]
    seed = tmp_project.root / "data" / "examples" / name / "seed.txt"
    seed.write_text(unicodedata.normalize("NFD", seed.read_text(encoding="utf-8")), encoding="utf-8")
    result = compare(tmp_project, name)
    assert result.ok, (result.problems, result.diff[:500])


@pytest.mark.parametrize("name", SEEDS)
def test_example_matches_its_reference(project, name):
    result = compare(project, name)
    assert not result.problems, "\n".join(map(str, result.problems))
    assert not result.unused, [c.seed for c in result.unused]
    assert not result.diff, "\n" + result.diff
    assert sum(result.kinds.values()) >= 1


@pytest.mark.parametrize("name", SEEDS)
def test_removing_any_correction_makes_the_comparison_fail(tmp_project, name):
    path = tmp_project.root / "data" / "examples" / name / "corrections.yaml"
    corrections, problems = load_corrections(path)
    assert not problems and corrections
    text = path.read_text(encoding="utf-8")
    entries = text.split("\n- ")
    for i in range(1, len(entries)) if len(entries) > 1 else []:
        path.write_text("\n- ".join(entries[:i] + entries[i + 1 :]), encoding="utf-8")
        assert not compare(tmp_project, name).ok, f"correction {i} changes nothing: {entries[i][:80]}"
    path.write_text(text, encoding="utf-8")


def test_corrections_are_substitutions_applied_in_order():
    from tools.fidelity import Correction

    fix = [
        Correction(seed="Noi nhận", ours="Nơi nhận", loai="chinh_ta", ly_do="thiếu dấu"),
        Correction(seed="a\nb", ours="a b", loai="trich_xuat", ly_do="ngắt trang"),
    ]
    lines, unused = apply(fix + [Correction(seed="zzz", ours="", loai="nd30", ly_do="không khớp")], normalise("Noi  nhận:\n\na\nb\n"))
    assert lines == ["Nơi nhận:", "a b"] and [c.seed for c in unused] == ["zzz"]
