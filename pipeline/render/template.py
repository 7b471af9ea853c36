"""Render a DOCX from a template folder: docxtpl's tags, compiled once.

The only module that imports docxtpl. docxtpl prepares the template text once
(``patch_xml``: ``{%p %}`` paragraph tags, ``{{r }}`` rich text, tags split
by Word); we compile it once in a Jinja environment with autoescape and
StrictUndefined and, per document, render it, check the XML is well formed
and write a deterministic zip. Bare docxtpl recompiles the template and
re-parses the whole package on every render (see ``pipeline.bench``).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate, RichText
from jinja2 import DictLoader, Environment, StrictUndefined, TemplateError
from lxml import etree
from markupsafe import Markup

from pipeline.data.text import FILTERS, Runs
from pipeline.nd30.context import Properties
from pipeline.render.package import Member, pack

TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
CORE = "docProps/core.xml"


class RenderError(Exception):
    """The template could not be rendered (names the template part and the cause)."""


def rich_text(value: Any) -> Any:
    """Jinja finalize: rich text becomes Word runs (escaped by docxtpl), other values pass."""
    if isinstance(value, Runs):
        rt = RichText()
        for run in value:
            for i, part in enumerate(run.text.split("\n")):
                if i:  # a line break the clerk chose
                    rt.xml += "<w:r><w:br/></w:r>"
                if part:
                    rt.add(part, bold=run.bold, italic=run.italic)
        return Markup(rt.xml)
    if isinstance(value, str) and "\n" in value:  # a line break the clerk chose: a Word line break, not a space
        return Markup(escape(value).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">'))
    return value


def environment(**options: Any) -> Environment:
    """Return the Jinja environment of document templates: escaped, strict, rich-text aware."""
    env = Environment(autoescape=True, undefined=StrictUndefined, finalize=rich_text, **options)
    env.filters.update(FILTERS)
    return env


def read_parts(folder: Path) -> dict[str, bytes]:
    """Return the files of an unpacked template by their names in the package."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "README.md"}


def core_properties(props: Properties) -> bytes:
    """Return docProps/core.xml with title, author and dates from the data."""
    stamp = f"{props.date.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title)}</dc:title><dc:creator>{escape(props.creator)}</dc:creator>"
        f'<dc:language>vi-VN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    ).encode()


class Template:
    """A DOCX template prepared once; ``render`` gives the bytes of one document."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.parts = read_parts(folder)
        patcher = DocxTemplate(io.BytesIO(pack(self.parts)))
        sources = {name: patcher.patch_xml(data.decode("utf-8")) for name, data in self.parts.items() if TEMPLATED.match(name)}
        self.env = environment(loader=DictLoader(sources))
        self.templates = {name: self.env.get_template(name) for name, src in sources.items() if "{{" in src or "{%" in src}
        self.members = {name: Member.of(data) for name, data in self.parts.items() if name not in self.templates and name != CORE}
        """The parts no document changes, deflated once and copied as they are into each document."""

    def render(self, context: dict[str, Any], props: Properties) -> bytes:
        """Return the DOCX bytes for a context; raise RenderError naming the part and the cause."""
        parts: dict[str, bytes | Member] = dict(self.members)
        for name, template in self.templates.items():
            parts[name] = self._render_part(name, template, context)
        parts[CORE] = core_properties(props)
        return pack(parts)

    def _render_part(self, name: str, template: Any, context: dict[str, Any]) -> bytes:
        try:
            xml = template.render(context).encode("utf-8")
            etree.fromstring(xml)
        except TemplateError as exc:
            raise RenderError(f"{self.folder / name}: {exc.message}") from exc
        except etree.XMLSyntaxError as exc:
            raise RenderError(f"{self.folder / name}: XML không hợp lệ sau khi điền dữ liệu ({exc})") from exc
        return xml
