"""Write results without ever leaving half a document or losing the previous one.

Files are made in a staging folder beside the target, then moved in with
``os.replace`` (atomic on one file system). A manifest of input hashes lets a
run skip documents whose data, registries, templates and code did not change.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MANIFEST = ".manifest.json"


def digest(*blobs: bytes) -> str:
    """Return a SHA-256 over several byte strings (length-prefixed, so order and cuts matter)."""
    h = hashlib.sha256()
    for blob in blobs:
        h.update(len(blob).to_bytes(8, "big") + blob)
    return h.hexdigest()


def tree_bytes(*folders: Path) -> bytes:
    """Return the names and contents of every file under the folders, in a fixed order."""
    files = sorted((f, p) for f in folders for p in f.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return b"".join(p.relative_to(f).as_posix().encode() + b"\0" + p.read_bytes() for f, p in files)


def read_manifest(folder: Path) -> dict[str, str]:
    """Return {document name: input hash} of the last successful run (empty if none)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """Yield a scratch folder on the target's file system, removed afterwards."""
    target.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".staging-{target.name}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(files: list[Path], target: Path) -> list[Path]:
    """Move staged files into the target folder; return their new paths."""
    moved = []
    for f in files:
        os.replace(f, target / f.name)
        moved.append(target / f.name)
    return moved
