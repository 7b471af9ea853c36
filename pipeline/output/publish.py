"""Publish one document's outputs together, or not at all.

A :class:`Change` names the files that come in (staged), the live files that go
out, and the live files whose content is kept in history first. :func:`commit`
prepares everything that can fail without touching the live folder (hard links
of what is kept and of what is replaced, checks that no folder stands where a
file goes), then puts the history in place and swaps the live files. If any
step of the swap fails, what was done is undone: the live folder is exactly as
before, and history holds no new revision.

A run killed in the middle of a swap (power cut, SIGKILL) can leave the new
DOCX beside the old PDF; the manifest then no longer matches the files on disk
and the next run repairs the document.
"""
from __future__ import annotations

import errno
import filecmp
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.oserrors import describe
from pipeline.output.history import history_dir, revision_path, revisions


class PublishError(Exception):
    """The outputs of one document could not be published; nothing of it changed (message in Vietnamese)."""


@dataclass
class Change:
    """What publishing one document does to the live folder."""

    name: str
    incoming: dict[str, Path] = field(default_factory=dict)
    """Live file name -> staged file that replaces or creates it."""
    outgoing: list[str] = field(default_factory=list)
    """Live file names removed (a PDF that no longer matches, the outputs of a deleted document)."""
    keep: list[str] = field(default_factory=list)
    """Live file names (DOCX, PDF) whose current content becomes the next revision in history."""


def _link(source: Path, destination: Path) -> None:
    """Make destination hold source's content: a hard link, or a copy where links are not possible."""
    try:
        os.link(source, destination)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise
        shutil.copy2(source, destination)


def _relative(target: Path, path: Path) -> str:
    """Return a path as the clerk finds it from the project: output/2024/lich_su/…"""
    try:
        return f"{target.parent.name}/{target.name}/{path.relative_to(target).as_posix()}"
    except ValueError:
        return path.name


def commit(target: Path, change: Change, scratch: Path) -> int | None:
    """Publish a change; return the revision that holds the replaced version (None if nothing was kept).

    Raise PublishError, with the live folder and history as they were, if it cannot be done.
    """
    work = scratch / f".commit-{change.name}"
    work.mkdir()
    touched = set(change.incoming) | set(change.outgoing)
    for name in touched | set(change.keep):
        if (target / name).is_dir() and not (target / name).is_symlink():
            raise PublishError(f"không ghi được {_relative(target, target / name)}: đã có một thư mục trùng tên; hãy xóa hoặc đổi tên "
                               "thư mục đó rồi chạy lại")
    keep = [n for n in change.keep if (target / n).is_file()]
    number, kept = _prepare_history(target, change.name, keep, work)
    backups: dict[str, Path] = {}
    try:
        for name in sorted(touched):
            if (target / name).is_file() or (target / name).is_symlink():
                backups[name] = work / f"old-{name}"
                _link(target / name, backups[name])
    except OSError as exc:
        raise PublishError(f"không chuẩn bị được việc ghi {change.name}: {describe(exc)}") from None
    placed_history: list[Path] = []
    placed: list[str] = []
    removed: list[str] = []
    folder = history_dir(target, change.name)
    made = [d for d in (folder.parent, folder) if not d.exists()] if kept else []
    try:
        for directory in made:
            directory.mkdir()
        for staged, final in kept:
            _place(staged, final)
            placed_history.append(final)
        for name in sorted(change.incoming):
            os.replace(change.incoming[name], target / name)
            placed.append(name)
        for name in sorted(set(change.outgoing) - set(change.incoming)):
            if name in backups:
                os.unlink(target / name)
                removed.append(name)
    except BaseException as exc:  # a failure, or Ctrl+C in the middle: put everything back first
        _undo(target, backups, placed, removed, placed_history + made[::-1])
        if not isinstance(exc, OSError):
            raise
        failed = next((f for f in (getattr(exc, "filename2", None), getattr(exc, "filename", None))
                       if f and scratch not in Path(f).parents), None)  # the live path, not the staged one
        where = f" ({_relative(target, Path(failed))})" if failed else ""
        raise PublishError(f"không ghi được kết quả của {change.name}{where}: {describe(exc)}; "
                           "các tệp cũ được giữ nguyên") from None
    return number if keep else None


def _place(staged: Path, final: Path) -> None:
    """Move a staged file to its place; across file systems (history on another disk), copy it in whole first."""
    try:
        os.replace(staged, final)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        partial = final.with_name(f".{final.name}.tam")
        try:
            shutil.copy2(staged, partial)
            os.replace(partial, final)
        except OSError:
            partial.unlink(missing_ok=True)
            raise


def _prepare_history(target: Path, name: str, keep: list[str], work: Path) -> tuple[int, list[tuple[Path, Path]]]:
    """Link the files to keep into the work folder; return the revision number and (staged, final) pairs.

    When the newest revision already holds the same DOCX, nothing new is kept (a retried run).
    """
    numbers = revisions(target, name)
    newest = numbers[-1] if numbers else 0
    docx = next((n for n in keep if n.endswith(".docx")), None)
    if newest and docx and revision_path(target, name, newest, ".docx").is_file() and \
            filecmp.cmp(target / docx, revision_path(target, name, newest, ".docx"), shallow=False):
        return newest, []
    number, kept = newest + 1, []
    try:
        for live in keep:
            suffix = live[len(name):] if live.startswith(name + ".") else Path(live).suffix  # .docx, .redline.docx, …
            staged = work / f"history{suffix}"
            _link(target / live, staged)
            kept.append((staged, revision_path(target, name, number, suffix)))
    except OSError as exc:
        raise PublishError(f"không lưu được bản cũ của {name} vào lịch sử: {describe(exc)}; các tệp cũ được giữ nguyên") from None
    return number, kept


def _undo(target: Path, backups: dict[str, Path], placed: list[str], removed: list[str], history: list[Path]) -> None:
    """Put the live folder and history back as they were (best effort, each step on its own)."""
    for name in placed + removed:
        try:
            if name in backups:
                os.replace(backups[name], target / name)
            else:
                os.unlink(target / name)
        except OSError:
            pass
    for path in history:  # history files, then the folders made for them (innermost first)
        try:
            path.rmdir() if path.is_dir() else os.unlink(path)
        except OSError:
            pass
