"""Each reference document regenerated from data matches its text, but for listed corrections."""
from __future__ import annotations

from pathlib import Path

import pytest

from tools.fidelity import apply, compare, load_corrections, normalise

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["000_b91b9fcc80f83352", "001_b9fff78918e136a4", "003_12c55feaaa2d4738"]


def test_every_seed_has_an_example(project):
    assert project.examples() == SEEDS


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
        path.write_text("\n- ".join(entries[:i] + entries[i + 1:]), encoding="utf-8")
        assert not compare(tmp_project, name).ok, f"correction {i} changes nothing: {entries[i][:80]}"
    path.write_text(text, encoding="utf-8")


def test_corrections_are_substitutions_applied_in_order():
    from tools.fidelity import Correction

    fix = [Correction(seed="Noi nhận", ours="Nơi nhận", loai="chinh_ta", ly_do="thiếu dấu"),
           Correction(seed="a\nb", ours="a b", loai="trich_xuat", ly_do="ngắt trang")]
    lines, unused = apply(fix + [Correction(seed="zzz", ours="", loai="nd30", ly_do="không khớp")], normalise("Noi  nhận:\n\na\nb\n"))
    assert lines == ["Nơi nhận:", "a b"] and [c.seed for c in unused] == ["zzz"]
