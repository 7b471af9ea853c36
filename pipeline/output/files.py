"""Files of the output folder: hashes, atomic writes and the staging folder.

Everything a run writes is first made in a staging folder inside the output
folder itself (so every move into place is a rename on one file system), then
moved in with ``os.replace``; readers see the old file or the new one, never a
part. A staging folder left by a run that was killed is removed by the next
run, under the lock, together with the converter it may have left running.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".tam-"


def digest(*blobs: bytes) -> str:
    """Return a SHA-256 over several byte strings (length-prefixed, so order and cuts matter)."""
    h = hashlib.sha256()
    for blob in blobs:
        h.update(len(blob).to_bytes(8, "big") + blob)
    return h.hexdigest()


def file_hash(path: Path) -> str | None:
    """Return the SHA-256 of a file's bytes, or None if it is not a readable regular file."""
    try:
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def tree_bytes(*folders: Path) -> bytes:
    """Return the names and contents of every file under the folders, in a fixed order."""
    files = sorted((f, p) for f in folders for p in f.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return b"".join(p.relative_to(f).as_posix().encode() + b"\0" + p.read_bytes() for f, p in files)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def new_staging(target: Path) -> Path:
    """Return a new, empty staging folder inside the target folder."""
    target.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=target, prefix=f"{STAGING_PREFIX}{os.getpid()}-"))


def remove_staging(folder: Path) -> None:
    """Remove a staging folder and everything in it."""
    shutil.rmtree(folder, ignore_errors=True)


def stale_staging(target: Path) -> list[Path]:
    """Return the staging folders left in the target by runs that were killed (call under the lock)."""
    try:
        return sorted(p for p in target.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir())
    except OSError:
        return []
