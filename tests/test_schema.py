"""The JSON Schema that editors use and the pipeline agree, in both directions.

An editor (yaml-language-server) reads a data file as YAML 1.2 and checks it against
schema/<loai>.schema.json; the pipeline reads it as the text typed and checks it with
pydantic. Every shipped data file must pass both; every corpus file that the pipeline
refuses for its shape or its types must be refused by the JSON Schema too, but for the
mistakes a JSON Schema cannot express, each listed here with why.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError
from yaml12 import as_editor_reads

from pipeline.data import source
from pipeline.data.problems import DataError
from pipeline.data.schema import AWARDS_FILE, KhenThuong
from pipeline.kinds import KINDS, json_schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {name.removesuffix(".schema.json"): json.loads(text) for name, text in json_schemas().items()}
SHIPPED = sorted(p for p in (ROOT / "data").rglob("*.yaml") if p.parent.name.isdigit())
CORPUS = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))

BEYOND_JSON_SCHEMA = {
    "16_ngay_30_thang_2": "a date of the right shape that does not exist (30/02): a pattern cannot know the calendar",
    "101_han_ngay_khong_co": "the same, for a deadline",
    "83_o_bang_nan": "YAML 1.2 reads .NaN as a number, and no JSON Schema keyword can refuse NaN",
    "18_han_31_thang_4": "a deadline 31/4 of the right shape that does not exist",
    "86_so_thap_luc": "the editor reads so: 0x10 as the number 16 (YAML 1.2); the pipeline reads the text typed",
}


def errors(kind: str, data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMAS[kind])
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_data_file_passes_the_editor_s_schema(path):
    loaded = source.load(path)
    awards = path.stem == AWARDS_FILE
    schema = AWARDS_FILE if awards else loaded.data["loai"]
    assert not errors(schema, as_editor_reads(loaded)), errors(schema, as_editor_reads(loaded))
    (KhenThuong if awards else KINDS[loaded.data["loai"]].model).model_validate(loaded.data)


def refused_by_pipeline_schema(path: Path) -> tuple[str, object] | None:
    """Return (kind, the editor's reading) when pydantic refuses the file's shape or types, else None."""
    try:
        loaded = source.load(path)
    except DataError:
        return None  # not YAML the editor can read either (syntax, size, encoding)
    data = loaded.data
    if not isinstance(data, dict) or data.get("loai") not in KINDS:
        return None
    try:
        KINDS[data["loai"]].model.model_validate(data)
    except ValidationError:
        return data["loai"], as_editor_reads(loaded)
    return None


SHAPE_ERRORS = [p for p in CORPUS if refused_by_pipeline_schema(p)]


def test_the_corpus_has_shape_and_type_mistakes_to_compare():
    assert len(SHAPE_ERRORS) >= 30


@pytest.mark.parametrize("path", SHAPE_ERRORS, ids=lambda p: p.stem)
def test_what_the_pipeline_refuses_for_its_shape_the_editor_refuses_too(path):
    kind, data = refused_by_pipeline_schema(path)
    found = errors(kind, data)
    if path.stem in BEYOND_JSON_SCHEMA:
        assert not found, f"{path.stem} is listed as beyond JSON Schema, yet the schema refuses it: {found}"
    else:
        assert found, f"the pipeline refuses {path.name}, the editor's schema accepts it"
