"""Build options: one typed, frozen object from the edge (CLI or API) to the workers.

`Options.make` parses what a user gives (`--lang az+en`, `-f pdf`, `--original uz`, a theme
name or folder) once, at the edge, and refuses a bad value with a message for the user.
The object then crosses to worker processes as it is (it pickles), `for_kind` applies the
rule of a document kind once (a brief holds one language and has no originals), and `key`
computes the manifest key of one output in one place, so the build that writes an output
and the build that decides whether it is current can never disagree.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from briefgen.model import Language

if TYPE_CHECKING:
    from briefgen.kinds import Kind

__all__ = ["NOT_IN_KEY", "Options", "parse_languages"]


def parse_languages(spec: Language | str | Iterable[Language | str] | None) -> tuple[Language, ...]:
    """The languages of a `--lang` value: "az" -> (az,), "az+en" -> (az, en), None -> ().

    Raises ValueError with a message for the user on an unknown or repeated language, or
    more than two.
    """
    if spec is None:
        return ()
    if isinstance(spec, Language):
        return (spec,)
    if isinstance(spec, str):
        codes = [code.strip().lower() for code in spec.split("+")]
        shown = spec
    elif not isinstance(spec, tuple | list):
        raise TypeError(
            f"lang must be a language code such as 'az' or 'az+en', got {type(spec).__name__}"
        )
    else:
        items = list(spec)
        codes = [x.value if isinstance(x, Language) else str(x).strip().lower() for x in items]
        shown = "+".join(codes)
    known = {x.value: x for x in Language}
    for code in codes:
        if code not in known:
            raise ValueError(
                f"{code!r} is not a language briefgen writes ({', '.join(sorted(known))})"
            )
    if len(set(codes)) != len(codes):
        raise ValueError(f"{shown!r} names a language twice; give two different languages")
    if len(codes) > 2:
        raise ValueError(f"{shown!r}: a parallel document has two languages, e.g. az+en")
    return tuple(known[code] for code in codes)


def _formats(value: Iterable[str] | None) -> tuple[str, ...]:
    from briefgen.render import format_named  # the registry; imports no renderer

    return tuple(dict.fromkeys(format_named(name).name for name in value or ()))


#: Fields that do not enter an output's manifest key, and why (a test holds every other
#: field to changing the key).
NOT_IN_KEY: dict[str, str] = {
    "formats": "each output's key holds its own format",
    "theme": "the key holds the digest of the theme's content, not where it lives",
    "strict": "strictness decides whether a record fails, never the bytes of an output",
    "allow_fallback": "it decides whether a finished record fails, never the bytes",
}


@attrs.frozen(kw_only=True)
class Options:
    """What a build is asked for; the same for every record of one build.

    `languages`: none (each record's own), one, or two for a parallel text. `original`: the
    party whose original (alternat) is built. `formats`: the formats asked for, or () for
    each kind's default. `theme`: a shipped theme's name or a theme folder. `strict`:
    warnings fail the record. `allow_fallback`: a finished record (a final brief, an
    initialled or signed plan) may use texts of another language where its own are missing.
    `pdfa`: every PDF is PDF/A-2b (True), is not (False), or as the theme says (None).
    `signature_fields`: every PDF has an empty signature field over each signature line.
    """

    languages: tuple[Language, ...] = ()
    original: str | None = None
    formats: tuple[str, ...] = ()
    theme: str = "default"
    strict: bool = False
    allow_fallback: bool = False
    pdfa: bool | None = None
    signature_fields: bool = False

    @classmethod
    def make(
        cls,
        *,
        lang: Language | str | Iterable[Language | str] | None = None,
        original: str | None = None,
        formats: Iterable[str] | None = None,
        theme: str | Path | None = None,
        strict: bool = False,
        allow_fallback: bool = False,
        pdfa: bool | None = None,
        signature_fields: bool = False,
    ) -> Options:
        """Options from what a user gave; ValueError (with a message) for a bad value."""
        if original is not None and not isinstance(original, str):
            raise ValueError(f"original must be a party id, got {original!r}")
        return cls(
            languages=parse_languages(lang),
            original=original or None,
            formats=_formats(formats),
            theme=str(theme) if theme is not None else "default",
            strict=bool(strict),
            allow_fallback=bool(allow_fallback),
            pdfa=None if pdfa is None else bool(pdfa),
            signature_fields=bool(signature_fields),
        )

    @property
    def lang(self) -> str | None:
        """The languages in their one spelling ("az+en"), or None for each record's own."""
        return "+".join(x.value for x in self.languages) if self.languages else None

    def for_kind(self, kind: Kind) -> tuple[Options, tuple[str, ...]]:
        """These options as they apply to a document of `kind`, and a note for each option
        that does not apply to it (said to the user, never dropped silently).

        The formats are the kind's default when none were asked for.
        """
        notes: list[str] = []
        languages = self.languages
        if len(languages) > kind.max_languages:
            languages = languages[: kind.max_languages]
            kept = "+".join(x.value for x in languages)
            notes.append(
                f"--lang {self.lang}: a {kind.name} is written in {kind.max_languages} "
                f"language{'s' if kind.max_languages > 1 else ''}; built in {kept}"
            )
        original = self.original
        if original is not None and not kind.originals:
            notes.append(f"--original {original} does not apply to a {kind.name}; ignored")
            original = None
        formats = self.formats or kind.formats
        if "pdf" not in formats:
            for flag, given in (
                ("--pdfa", self.pdfa),
                ("--signature-fields", self.signature_fields),
            ):
                if given:
                    notes.append(
                        f"{flag} applies to PDF output only; this {kind.name} is not built as PDF"
                    )
        applied = attrs.evolve(self, languages=languages, original=original, formats=formats)
        return applied, tuple(notes)

    def key(self, *, fmt: str, sources: Sequence[str], theme: str, version: str) -> str:
        """The sha256 naming every input of one output: equal keys give equal bytes.

        `sources`: the sha256 of each file the record was made from, in load order;
        `theme`: the digest of the theme's content; `version`: briefgen's version. Call it
        on the options `for_kind` gave.
        """
        data: dict[str, Any] = {
            "briefgen": version,
            "format": fmt,
            "languages": [x.value for x in self.languages],
            "original": self.original,
            "sources": list(sources),
            "theme": theme,
        }
        # Only when asked for, so the keys of the outputs built before these options
        # existed stay as they were (and the DOCX, which they do not touch, keeps its key).
        if fmt == "pdf" and self.pdfa is not None:
            data["pdfa"] = self.pdfa
        if fmt == "pdf" and self.signature_fields:
            data["signature_fields"] = True
        blob = json.dumps(data, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()
