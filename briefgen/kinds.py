"""Document kinds: the one registry of what briefgen makes from a record.

A kind (a plan, a brief) is one `Kind` entry: its record type, the composer that turns a
record into a Document, the formats it is built in when none are asked for, which build
options apply to it (how many languages, whether it has originals for the alternat) and its
skeleton for `briefgen new`. `load`, `schema`, the CLI, the pipeline and bulk builds read this
registry; none of them names a kind. Adding a kind means: a record type in `model`, a
composer module in `compose`, one entry here, its labels and a skeleton.

Composers are named by import path and imported when first used, so reading the registry
(as `briefgen check` does) imports no composer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from briefgen.model import Brief, Comparison, Language, Plan

if TYPE_CHECKING:
    from briefgen.compose.blocks import Document

__all__ = ["FILE_KINDS", "KINDS", "Kind", "kind_named", "kind_of"]

#: What a composer is: (record, languages, original party id or None) -> Document.
Composer = Callable[[Any, Sequence[Language], "str | None"], "Document"]


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of document: what it is made from and what applies to it."""

    name: str
    #: The record class a file with `kind: <name>` is structured into.
    record: type[Any]
    #: "module:function" of the composer, imported on first use.
    composer: str
    #: The formats a record of this kind is built in when none are asked for.
    formats: tuple[str, ...]
    #: How many languages one document of this kind can hold (two: a parallel text).
    max_languages: int
    #: Whether a party's original (the alternat, `--original`) applies.
    originals: bool
    #: The commented skeleton `briefgen new` writes (a file under briefgen/skeletons); ""
    #: for a kind that is made, not written in a file (a comparison of two plans).
    skeleton: str
    #: One line for help texts.
    description: str
    #: The statuses at which a document of this kind is finished: it must then be complete
    #: in its language (no text may fall back to another language unless allowed).
    finished: frozenset[str] = frozenset()
    #: Fields of a party that a document of this kind does not print (a brief names the
    #: parties; their short names and signatories are a plan's). Given in the record itself
    #: they are a warning, so no field a user fills vanishes without a word.
    unprinted_party_fields: tuple[str, ...] = ()

    def compose(
        self, record: Any, languages: Sequence[Language] = (), original: str | None = None
    ) -> Document:
        """The Document of `record` (a record of this kind) in `languages`."""
        if type(record) is not self.record:
            raise TypeError(
                f"a {self.name} is composed from a {self.record.__name__}, "
                f"not a {type(record).__name__}"
            )
        module, _, function = self.composer.partition(":")
        composer: Composer = getattr(importlib.import_module(module), function)
        return composer(record, tuple(languages), original)


KINDS: Mapping[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="plan",
            record=Plan,
            composer="briefgen.compose.plan:compose",
            formats=("pdf",),
            max_languages=2,
            originals=True,
            skeleton="plan.yaml",
            description="a draft joint action plan (PDF for circulation, DOCX for negotiation)",
            finished=frozenset({"initialled", "signed"}),
        ),
        Kind(
            name="brief",
            record=Brief,
            composer="briefgen.compose.brief:compose",
            formats=("docx",),
            max_languages=1,
            originals=False,
            skeleton="brief.yaml",
            description="a briefing note for the minister before a meeting (DOCX)",
            finished=frozenset({"final"}),
            unprinted_party_fields=("short", "signatory"),
        ),
        Kind(
            name="redline",
            record=Comparison,
            composer="briefgen.compose.redline:compose",
            formats=("docx",),
            max_languages=2,
            originals=True,
            skeleton="",
            description="two versions of a plan compared: tracked changes (DOCX), marked "
            "changes and a summary (PDF); made by `briefgen compare OLD NEW`",
        ),
    )
}

#: The kinds written in record files (`kind: plan`): what `load`, `new` and `schema` offer.
FILE_KINDS: Mapping[str, Kind] = {name: kind for name, kind in KINDS.items() if kind.skeleton}


def kind_named(name: str) -> Kind:
    """The kind called `name`; a KeyError naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown kind {name!r} (kinds: {', '.join(KINDS)})") from None


def kind_of(record: object) -> Kind:
    """The kind of a record; a TypeError for anything that is not a briefgen record."""
    for kind in KINDS.values():
        if type(record) is kind.record:
            return kind
    raise TypeError(
        f"not a briefgen record: {type(record).__name__} "
        f"(records: {', '.join(k.record.__name__ for k in KINDS.values())})"
    )
