"""Watching inputs: build again whenever a record, a linked file or the theme is saved.

`briefgen build --watch` builds once, then waits on the folders of its inputs and the
theme's folder (watchfiles: the operating system's file events, no polling loop of ours)
and calls the build again for each batch of saved files. The build itself decides what to
redo (the manifest: only documents whose inputs changed are rebuilt), so a save costs one
document, and a record with an error prints its problems while its last good document stays
(outputs are only ever replaced whole).

What is watched: each folder given, and the folder of each file given (a record's linked
files live beside it, or below); the theme's folder unless it is one that ships with
briefgen; the theme's logo where it lives elsewhere. The output folder, hidden files (the
manifest, the temporary files of atomic writes) and editors' backup files are ignored, so a
build never wakes the watcher.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from briefgen.theme import TEMPLATES, Theme

__all__ = ["watch", "watched_folders"]


def watched_folders(paths: Iterable[Path], theme: Theme | None = None) -> list[Path]:
    """The folders whose changes matter to a build of `paths` in `theme`, resolved, each
    once and none inside another."""
    folders = [(path if path.is_dir() else path.parent).resolve() for path in paths]
    if theme is not None:
        shipped = TEMPLATES.resolve()
        if not theme.root.is_relative_to(shipped):
            folders.append(theme.root)
        if theme.page.logo is not None:
            folders.append(theme.page.logo.parent.resolve())
    unique = list(dict.fromkeys(folders))  # in the order given
    return [
        folder
        for folder in unique
        if not any(folder != outer and folder.is_relative_to(outer) for outer in unique)
    ]


def watch(
    folders: Sequence[Path],
    rebuild: Callable[[list[Path]], None],
    *,
    ignore: Sequence[Path] = (),
    stop_event: threading.Event | None = None,
    debounce_ms: int = 300,
) -> None:
    """Call `rebuild` with the files saved, after each batch of changes under `folders`,
    until `stop_event` is set (or Ctrl-C, which propagates as KeyboardInterrupt).

    Changes under `ignore` (the output folder) and to hidden or backup files are not
    reported. A batch gathers the changes of `debounce_ms` (an editor's save is several
    events).
    """
    import watchfiles

    class _Filter(watchfiles.DefaultFilter):
        def __call__(self, change: watchfiles.Change, path: str) -> bool:
            name = Path(path).name
            return not name.startswith((".", "~")) and super().__call__(change, path)

    accept = _Filter(ignore_paths=[str(path.resolve()) for path in ignore])
    for changes in watchfiles.watch(
        *folders,
        watch_filter=accept,
        debounce=debounce_ms,
        stop_event=stop_event,
        rust_timeout=500,
        yield_on_timeout=False,
    ):
        kinds: dict[str, set[watchfiles.Change]] = {}
        for change, path in changes:
            kinds.setdefault(path, set()).add(change)
        # A file made and removed within one batch (an editor's or sed's temporary) is no
        # change of the inputs.
        saved = [
            Path(path)
            for path, seen in kinds.items()
            if not ({watchfiles.Change.added, watchfiles.Change.deleted} <= seen)
            or Path(path).exists()
        ]
        if saved:
            rebuild(sorted(saved))
