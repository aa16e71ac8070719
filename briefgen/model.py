"""Records: the typed shape of a plan and a brief, and the invariants of each one.

Records are frozen, keyword-only attrs classes. They know nothing of files, Word or PDF:
`load` makes them from files, `compose` reads them. A record that exists is valid: every
single-record invariant (dates in order, party ids unique, references that name a party) is
checked when it is made, and a violation raises `InvalidRecord` naming every bad field.

A key whose input name is not the attribute name (`from`, a Python keyword) carries it in
the field metadata under "key"; the loader and the JSON Schema read it from there.
"""

# ruff: noqa: RUF009 - fields are made by small attrs.field helpers (_text, _at_least), by design

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, Literal, NewType, TypeAlias

import attrs

from briefgen import names
from briefgen.text import is_blank

__all__ = [
    "ID_PATTERN",
    "Action",
    "Agreement",
    "AgreementStatus",
    "Basis",
    "Brief",
    "BriefStatus",
    "Classification",
    "Clause",
    "ClauseStatus",
    "Clearance",
    "Column",
    "Comparison",
    "Composable",
    "Deliverable",
    "Event",
    "EventKind",
    "FieldPath",
    "Initiative",
    "InvalidRecord",
    "Language",
    "LastContact",
    "LocalText",
    "MeetingFormat",
    "NameForms",
    "NextStep",
    "Participant",
    "Party",
    "PartyId",
    "Period",
    "Person",
    "Plan",
    "PlanStatus",
    "Press",
    "ProgrammeItem",
    "Proposal",
    "Proposals",
    "Recommendation",
    "Record",
    "RecordId",
    "Risk",
    "Section",
    "Sensitivity",
    "Signatory",
    "Signing",
    "Standing",
    "TalkingPoint",
    "TalkingPointKind",
    "Wording",
    "wordings",
]

#: A location inside a record: keys and list indices, e.g. ("sections", 1, "initiatives", 0).
FieldPath: TypeAlias = tuple[str | int, ...]


class InvalidRecord(ValueError):  # noqa: N818 - public name; says what is wrong, like attrs
    """A record broke its own invariants; `problems` holds (field path, message) pairs."""

    def __init__(self, problems: Sequence[tuple[FieldPath, str]]) -> None:
        self.problems: tuple[tuple[FieldPath, str], ...] = tuple(problems)
        super().__init__("; ".join(f"{format_path(p)}: {m}" for p, m in self.problems))


def format_path(path: Iterable[str | int]) -> str:
    """Render a field path as `sections[1].initiatives[0].outcome`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_path(text: str) -> FieldPath:
    """The field path `format_path` rendered: `a[1].b` -> ("a", 1, "b")."""
    return tuple(int(index) if index else key for index, key in _PATH_PART.findall(text))


# ---------------------------------------------------------------------------------------------
# Enumerations. Values are what a user writes in the file.


class Language(Enum):
    """A language briefgen writes documents in."""

    AR = "ar"
    AZ = "az"
    EN = "en"
    RU = "ru"
    UZ = "uz"


class PlanStatus(Enum):
    """Where a plan stands: a draft, initialled by negotiators, or signed."""

    DRAFT = "draft"
    INITIALLED = "initialled"
    SIGNED = "signed"


class ClauseStatus(Enum):
    """Where the negotiation of one clause stands, as the record says it."""

    AGREED = "agreed"
    PROPOSED = "proposed"


class BriefStatus(Enum):
    """A brief is a draft until it is final."""

    DRAFT = "draft"
    FINAL = "final"


class Action(Enum):
    """What the brief asks of the reader."""

    INFORMATION = "information"
    DECISION = "decision"
    SIGNATURE = "signature"
    APPROVAL = "approval"


class Classification(Enum):
    """Security marking printed at the top and bottom of every page."""

    PUBLIC = "public"
    OFFICIAL = "official"
    OFFICIAL_USE = "official-use"
    OFFICIAL_SENSITIVE = "official-sensitive"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"


class EventKind(Enum):
    """The kind of meeting a brief prepares."""

    OFFICIAL_VISIT = "official_visit"
    WORKING_VISIT = "working_visit"
    BILATERAL_MEETING = "bilateral_meeting"
    COURTESY_CALL = "courtesy_call"
    MARGINS_OF_CONFERENCE = "margins_of_conference"
    PHONE_CALL = "phone_call"


class MeetingFormat(Enum):
    """Who sits at the table."""

    TETE_A_TETE = "tete_a_tete"
    DELEGATIONS = "delegations"
    WORKING_LUNCH = "working_lunch"


class Press(Enum):
    """Press arrangements for a meeting or a programme item."""

    OPEN = "open"
    CLOSED = "closed"
    PHOTO_OP = "photo_op"
    NONE = "none"


class TalkingPointKind(Enum):
    """Proactive points are made; reactive ones only if raised; defensive ones if pressed."""

    PROACTIVE = "proactive"
    REACTIVE = "reactive"
    DEFENSIVE = "defensive"


class AgreementStatus(Enum):
    """The state of an earlier or pending agreement."""

    IN_FORCE = "in_force"
    SIGNED = "signed"
    INITIALLED = "initialled"
    DRAFT = "draft"
    EXPIRED = "expired"


class Sensitivity(Enum):
    """How sensitive a risk is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Column(Enum):
    """A column of a plan's table of initiatives."""

    NO = "no"
    AREA = "area"
    ACTIVITY = "activity"
    TIMEFRAME = "timeframe"
    VENUE = "venue"
    RESPONSIBLE = "responsible"
    OUTCOME = "outcome"


#: The table of initiatives when a plan does not choose its columns.
DEFAULT_COLUMNS: tuple[Column, ...] = (
    Column.NO,
    Column.ACTIVITY,
    Column.TIMEFRAME,
    Column.RESPONSIBLE,
    Column.OUTCOME,
)


# ---------------------------------------------------------------------------------------------
# Text in one or several languages.


@attrs.frozen(init=False)
class LocalText:
    """Text in one or more languages.

    Written as a plain string (in the record's own language) or as a mapping of language
    code to text. The plain form is kept under the language None, so that the same record
    serves a document in any language: compose resolves None to the record's language.
    """

    values: tuple[tuple[Language | None, str], ...]

    def __init__(self, value: str | Mapping[Language | str | None, str]) -> None:
        if isinstance(value, str):
            items: list[tuple[Language | None, str]] = [(None, value)]
        else:
            items = [(None if k is None else Language(k), v) for k, v in value.items()]
        object.__setattr__(self, "values", tuple(items))

    @property
    def plain(self) -> bool:
        """True when the text was written as a plain string."""
        return len(self.values) == 1 and self.values[0][0] is None

    @property
    def languages(self) -> frozenset[Language | None]:
        """The languages this text has a value in (None: the record's own language)."""
        return frozenset(lang for lang, _ in self.values)

    def get(self, lang: Language | None) -> str | None:
        """The text in `lang` exactly, or None when it has no value in that language."""
        for key, text in self.values:
            if key is lang:
                return text
        return None

    def resolve(self, lang: Language, own: Language) -> str | None:
        """The text for a document in `lang`, reading a plain string as language `own`."""
        found = self.get(lang)
        if found is None and lang is own:
            found = self.get(None)
        return found

    def any(self) -> str:
        """Some value, preferring the plain one, then English, then the first given."""
        return self.get(None) or self.get(Language.EN) or self.values[0][1]

    def texts(self) -> Iterator[str]:
        """Every value of the text, in the order written."""
        return (text for _, text in self.values)

    def __str__(self) -> str:
        return self.any()


def _fail(attribute: attrs.Attribute[Any], message: str, *sub: str | int) -> InvalidRecord:
    """The error a field validator raises: located at the field (and `sub` below it)."""
    return InvalidRecord([((attribute.name, *sub), message)])


def _nonempty_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A LocalText (or a list or mapping of them) must have a value and no blank one."""
    if value is None:
        return
    entries: Iterable[tuple[tuple[str | int, ...], object]]
    if isinstance(value, tuple):
        entries = (((index,), text) for index, text in enumerate(value))
    elif isinstance(value, Mapping):
        entries = (((key,), text) for key, text in value.items())
    else:
        entries = (((), value),)
    for at, text in entries:
        if not isinstance(text, LocalText):
            continue
        if not text.values:
            raise _fail(attribute, "needs a text in at least one language", *at)
        for lang, item in text.values:
            if is_blank(item):
                where = () if lang is None else (lang.value,)
                message = (
                    "must not be empty"
                    if not item.strip()
                    else "has no visible character (only control or format characters); "
                    "write the text or leave the field out"
                )
                raise _fail(attribute, message, *at, *where)


def _text(*, default: Any = attrs.NOTHING) -> Any:
    """A LocalText field (required unless a default is given) that must not be blank."""
    return attrs.field(default=default, validator=_nonempty_text)


def _texts() -> Any:
    """A list of LocalText; empty by default."""
    return attrs.field(factory=tuple, validator=_nonempty_text)


def _check_plain(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, str) and not value.strip():
        raise _fail(attribute, "must not be empty")


def _plain(*, default: Any = attrs.NOTHING) -> Any:
    """A plain string field that must not be blank when given."""
    return attrs.field(default=default, validator=_check_plain)


def _at_least(n: int, what: str, *, link: bool = False, sheet: bool = False) -> Any:
    """A list field with at least `n` entries (`link`: the file may name another record;
    `sheet`: a spreadsheet holding the entries, `briefgen.load.sheets`)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: Sequence[object]) -> None:
        if len(value) < n:
            raise _fail(attribute, f"needs at least {n} {what}, got {len(value)}")
        _nonempty_text(_inst, attribute, value)

    return attrs.field(validator=check, metadata={"min_items": n, "link": link, "sheet": sheet})


# ---------------------------------------------------------------------------------------------
# Parties and people.

#: Allowed record ids: they name output files, so they are file names safe on every system:
#: no folder separators, no "..", no trailing dot (Windows drops it), no capitals (two ids
#: differing only in case would be one file on Windows and macOS), no Windows device names.
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9_-])?")
_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
ID_RULE = (
    "1-100 of lowercase letters, digits, '.', '_', '-', starting with a letter or digit "
    "and not ending with '.'"
)


#: A record id: it names the output files, so it is confined to safe file names.
RecordId = NewType("RecordId", str)
#: A party id: the key other fields use to refer to a party.
PartyId = NewType("PartyId", str)

_PARTY_ID = re.compile(r"[a-z][a-z0-9_-]{0,31}")
PARTY_ID_RULE = "1-32 of lowercase letters, digits, '_', '-', starting with a letter"


def id_problem(value: str) -> str | None:
    """Why `value` cannot be a record id, or None when it can."""
    shown = repr(value if len(value) <= 40 else value[:37] + "...")
    if not ID_PATTERN.fullmatch(value):
        return f"{shown} is not a valid id ({ID_RULE})"
    if value.split(".")[0] in _RESERVED_NAMES:
        return (
            f"{shown} is a device name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9, "
            "alone or before a dot); choose another id"
        )
    # An output is named <id>[.<lang>][.<party>-original].<ext>: a part of the id after a
    # dot that reads as a language or an original would make two outputs share one name
    # (plan "p1.az" and the Azerbaijani version of plan "p1").
    languages = {lang.value for lang in Language}
    for part in value.split(".")[1:]:
        if part in languages or part.endswith("-original"):
            return (
                f"{shown}: the part {'.' + part!r} would read as a language or an original in "
                "the output's name (<id>.az.pdf, <id>.uz-original.pdf); use '-' instead of '.'"
            )
    return None


def party_id_problem(value: str) -> str | None:
    """Why `value` cannot be a party id, or None when it can."""
    if not _PARTY_ID.fullmatch(value):
        return f"{value!r} is not a valid party id ({PARTY_ID_RULE})"
    return None


def _checked(problem: Any) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        message = problem(value) if isinstance(value, str) else f"expected text, got {value!r}"
        if message:
            raise _fail(attribute, message)

    return check


_check_id = _checked(id_problem)
_check_party_id = _checked(party_id_problem)


@attrs.frozen(kw_only=True)
class Signatory:
    """The person who signs for a party."""

    name: LocalText = _text()
    title: LocalText | None = _text(default=None)
    rank: LocalText | None = _text(default=None)


@attrs.frozen(kw_only=True)
class NameForms:
    """A party's full name, printed as written: per grammatical form, a text per language.

    Any form may be left out: the nominative is then composed from the organisation and
    the state, another form computed where briefgen can (the Azerbaijani and Uzbek
    genitive, the Russian accusative) and warned about elsewhere.
    """

    nominative: LocalText | None = _text(default=None)
    genitive: LocalText | None = _text(default=None)
    dative: LocalText | None = _text(default=None)
    accusative: LocalText | None = _text(default=None)
    instrumental: LocalText | None = _text(default=None)
    prepositional: LocalText | None = _text(default=None)

    def __attrs_post_init__(self) -> None:
        if all(getattr(self, f.name) is None for f in attrs.fields(type(self))):
            message = "give the name in at least one form (nominative, genitive, ...)"
            raise InvalidRecord([((), message)])


@attrs.frozen(kw_only=True)
class Party:
    """A side of the plan or the meeting: an organisation of a state.

    `state` is the state's name, or its code in the built-in table of state names (`AZ`),
    which gives its official name in every language and form. `full_name` gives the whole
    name as printed, per form and language, where composing it from the organisation and
    the state would not say it right. `language` is the party's own language (for alternat
    originals and native-script names).
    """

    id: PartyId = attrs.field(validator=_check_party_id)
    state: LocalText = _text()
    organisation: LocalText = _text()
    full_name: NameForms | None = None
    short: LocalText | None = _text(default=None)
    signatory: Signatory | None = None
    emblem: str | None = _plain(default=None)
    language: Language | None = None


@attrs.frozen(kw_only=True)
class Person:
    """Someone a brief is addressed to, prepared by or mentions."""

    name: LocalText = _text()
    title: LocalText | None = _text(default=None)
    unit: LocalText | None = _text(default=None)
    phone: str | None = _plain(default=None)


@attrs.frozen(kw_only=True)
class Clearance:
    """Someone who cleared the brief, and when."""

    name: LocalText = _text()
    title: LocalText | None = _text(default=None)
    date: dt.date | None = None


@attrs.frozen(kw_only=True)
class Participant:
    """A member of a delegation."""

    name: LocalText = _text()
    title: LocalText | None = _text(default=None)
    role: LocalText | None = _text(default=None)


# ---------------------------------------------------------------------------------------------
# The plan.


@attrs.frozen(kw_only=True)
class Period:
    """The years a plan covers, `from` to `to` inclusive."""

    start: int = attrs.field(metadata={"key": "from"})
    end: int = attrs.field(metadata={"key": "to"})

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[FieldPath, str]] = []
        for name, year in (("from", self.start), ("to", self.end)):
            if not 1900 <= year <= 2200:
                problems.append(((name,), f"{year} is not a plausible year (1900-2200)"))
        if self.start > self.end:
            problems.append((("to",), f"{self.end} is before from ({self.start})"))
        if problems:
            raise InvalidRecord(problems)


@attrs.frozen(kw_only=True)
class Basis:
    """The instrument a plan implements (an umbrella agreement or MoU)."""

    title: LocalText = _text()
    date: dt.date | None = None
    place: LocalText | None = _text(default=None)


@attrs.frozen(kw_only=True)
class Proposal:
    """One party's wording of a text the parties have not agreed."""

    by: PartyId = attrs.field(validator=_check_party_id)
    text: LocalText = _text()


@attrs.frozen(kw_only=True)
class Proposals:
    """Competing wordings of one text (an initiative's activity or outcome), each with the
    party that proposes it; written `proposals: [{by: az, text: ...}, ...]`."""

    proposals: tuple[Proposal, ...] = _at_least(1, "proposal")


#: The text of an initiative's activity or outcome: agreed text, or competing wordings.
Wording: TypeAlias = LocalText | Proposals


@attrs.frozen
class Standing:
    """How far one clause is agreed: `status` is "agreed", "proposed" (one party's text)
    or "contested" (competing wordings); `parties` are the proposing parties' ids."""

    path: FieldPath
    status: Literal["agreed", "proposed", "contested"]
    parties: tuple[str, ...] = ()


def _check_optional_party_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_party_id(_inst, attribute, value)


def _status_problems(
    status: ClauseStatus | None, proposed_by: str | None, contested: bool
) -> list[tuple[FieldPath, str]]:
    """What is wrong with a clause's status, its proposing party and its proposals together."""
    if contested and status is ClauseStatus.AGREED:
        return [
            (
                ("status",),
                "competing proposals are not agreed: keep the agreed wording as the text, "
                "or leave status out",
            )
        ]
    if contested and proposed_by is not None:
        return [(("proposed_by",), "each proposal names its party (by); leave proposed_by out")]
    if status is ClauseStatus.PROPOSED and proposed_by is None:
        return [
            (
                ("proposed_by",),
                "a proposed text needs proposed_by: the id of the party proposing it",
            )
        ]
    return []


@attrs.frozen(kw_only=True)
class Clause:
    """A recital or a final provision: its text (or the parties' competing wordings of it)
    and where its negotiation stands.

    Written as a plain text (agreed), or as a mapping: `{text: ..., status: proposed,
    proposed_by: uz}` or `{proposals: [{by: az, text: ...}, {by: uz, text: ...}]}`. A clause
    with `proposed_by` and no `status` is proposed; `key` names it across versions.
    """

    text: LocalText | None = _text(default=None)
    proposals: tuple[Proposal, ...] = ()
    proposed_by: PartyId | None = attrs.field(default=None, validator=_check_optional_party_id)
    status: ClauseStatus | None = None
    key: str | None = _plain(default=None)

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[FieldPath, str]] = []
        if self.text is None and not self.proposals:
            problems.append((("text",), "needs a text, or the parties' proposals"))
        if self.text is not None and self.proposals:
            problems.append((("proposals",), "give either the text or proposals, not both"))
        problems += _status_problems(self.status, self.proposed_by, bool(self.proposals))
        if problems:
            raise InvalidRecord(problems)

    @property
    def agreed(self) -> bool:
        """The parties have agreed this clause's text."""
        return self.standing == "agreed"

    @property
    def standing(self) -> Literal["agreed", "proposed", "contested"]:
        """agreed, proposed (one party's text) or contested (competing wordings)."""
        if self.proposals:
            return "contested"
        return _standing(self.status, self.proposed_by)

    @property
    def wordings(self) -> tuple[tuple[str | None, LocalText], ...]:
        """Each wording with the party proposing it (None: agreed text)."""
        if self.proposals:
            return tuple((p.by, p.text) for p in self.proposals)
        assert self.text is not None  # one of the two, checked when made
        return ((None if self.agreed else self.proposed_by, self.text),)

    def __str__(self) -> str:
        """Its text (see `LocalText.any`); competing wordings one per line."""
        return "\n".join(text.any() for _, text in self.wordings)


def _standing(
    status: ClauseStatus | None, proposed_by: str | None
) -> Literal["agreed", "proposed"]:
    """A text's standing from its status, or from its proposing party when status is left out."""
    if status is ClauseStatus.PROPOSED or (status is None and proposed_by is not None):
        return "proposed"
    return "agreed"


def clause_texts(clause: Clause, at: FieldPath) -> list[tuple[FieldPath, LocalText]]:
    """The texts of a recital or provision at `at`, each with the field it is written in: a
    clause written as a plain text is its own field, else its `text` or each proposal's."""
    if clause.proposals:
        return [((*at, "proposals", k, "text"), p.text) for k, p in enumerate(clause.proposals)]
    assert clause.text is not None  # one of the two, checked when made
    plain = clause == Clause(text=clause.text)
    return [(at if plain else (*at, "text"), clause.text)]


def wordings(value: Wording) -> tuple[tuple[str | None, LocalText], ...]:
    """Each wording of an activity or outcome with its proposing party (None: agreed)."""
    if isinstance(value, Proposals):
        return tuple((p.by, p.text) for p in value.proposals)
    return ((None, value),)


def _as_clauses(name: str) -> Any:
    """An attrs converter: a list of clauses, a plain LocalText taken as an agreed clause
    (so `Plan(preamble=(LocalText(...),))` still makes a plan), each located on failure."""

    def convert(value: Iterable[Clause | LocalText]) -> tuple[Clause, ...]:
        out: list[Clause] = []
        for index, item in enumerate(value):
            if isinstance(item, LocalText):
                try:
                    item = Clause(text=item)
                except InvalidRecord as exc:
                    raise InvalidRecord(
                        [((name, index, *path[1:]), message) for path, message in exc.problems]
                    ) from None
            out.append(item)
        return tuple(out)

    return convert


def _clauses(name: str) -> Any:
    """A list of clauses (recitals, provisions); empty by default."""
    return attrs.field(factory=tuple, converter=_as_clauses(name))


@attrs.frozen(kw_only=True)
class Initiative:
    """One row of the table of initiatives.

    `responsible` maps a party id to the body responsible on that side. An initiative one
    party proposes carries `status: proposed` and `proposed_by`; its activity or outcome may
    be the parties' competing wordings (`Proposals`). `key`, when given, names the
    initiative across versions of the plan (`briefgen compare` matches by it).
    """

    activity: Wording = _text()
    timeframe: LocalText | None = _text(default=None)
    venue: LocalText | None = _text(default=None)
    responsible: Mapping[str, LocalText] = attrs.field(factory=dict, validator=_nonempty_text)
    outcome: Wording | None = _text(default=None)
    status: ClauseStatus | None = None
    proposed_by: PartyId | None = attrs.field(default=None, validator=_check_optional_party_id)
    key: str | None = _plain(default=None)

    def __attrs_post_init__(self) -> None:
        problems = _status_problems(self.status, self.proposed_by, False)
        if self.status is ClauseStatus.AGREED and self.contested:
            problems.append(
                (
                    ("status",),
                    "its activity or outcome holds competing proposals, so it is not agreed",
                )
            )
        if problems:
            raise InvalidRecord(problems)

    @property
    def contested(self) -> bool:
        """The activity or the outcome holds competing wordings."""
        return isinstance(self.activity, Proposals) or isinstance(self.outcome, Proposals)

    @property
    def standing(self) -> Literal["agreed", "proposed", "contested"]:
        """agreed, proposed (by one party) or contested (competing wordings)."""
        return "contested" if self.contested else _standing(self.status, self.proposed_by)

    @property
    def proposer(self) -> str | None:
        """The party proposing the whole initiative, when it is proposed."""
        return self.proposed_by if self.standing == "proposed" else None


@attrs.frozen(kw_only=True)
class Section:
    """An area of cooperation and its initiatives (`key`: as an initiative's)."""

    area: LocalText = _text()
    initiatives: tuple[Initiative, ...] = _at_least(1, "initiative")
    key: str | None = _plain(default=None)


@attrs.frozen(kw_only=True)
class Signing:
    """Where, when and in which languages the plan is signed."""

    place: LocalText | None = _text(default=None)
    date: dt.date | None = None
    copies: int = 2
    authentic_languages: tuple[Language, ...] = ()
    prevailing_language: Language | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[FieldPath, str]] = []
        if not 1 <= self.copies <= 20:
            problems.append((("copies",), f"{self.copies} is not between 1 and 20"))
        if len(set(self.authentic_languages)) != len(self.authentic_languages):
            problems.append((("authentic_languages",), "a language is listed twice"))
        if (
            self.prevailing_language is not None
            and self.prevailing_language not in self.authentic_languages
        ):
            listed = ", ".join(lang.value for lang in self.authentic_languages) or "none"
            problems.append(
                (
                    ("prevailing_language",),
                    f"{self.prevailing_language.value!r} is not one of the authentic "
                    f"languages ({listed})",
                )
            )
        if problems:
            raise InvalidRecord(problems)


def _check_parties(parties: Sequence[Party], problems: list[tuple[FieldPath, str]]) -> set[str]:
    """Party ids must be unique; returns the set of ids."""
    seen: set[str] = set()
    for index, party in enumerate(parties):
        if party.id in seen:
            problems.append((("parties", index, "id"), f"duplicate party id {party.id!r}"))
        seen.add(party.id)
    return seen


def _check_keys(sections: Sequence[Section], problems: list[tuple[FieldPath, str]]) -> None:
    """Section keys and initiative keys are each unique in the plan (they name one item)."""
    sections_seen: set[str] = set()
    seen: set[str] = set()
    for s, section in enumerate(sections):
        if section.key is not None:
            if section.key in sections_seen:
                problems.append((("sections", s, "key"), f"duplicate key {section.key!r}"))
            sections_seen.add(section.key)
        for i, initiative in enumerate(section.initiatives):
            if initiative.key is not None:
                if initiative.key in seen:
                    at: FieldPath = ("sections", s, "initiatives", i, "key")
                    problems.append((at, f"duplicate key {initiative.key!r}"))
                seen.add(initiative.key)


def _known(ids: set[str]) -> str:
    return ", ".join(sorted(ids)) or "none"


@attrs.frozen(kw_only=True)
class Plan:
    """A joint action plan (or a concept note of proposed initiatives) between parties."""

    kind: Literal["plan"] = "plan"
    id: RecordId = attrs.field(validator=_check_id)
    status: PlanStatus = PlanStatus.DRAFT
    version: str | None = _plain(default=None)
    date: dt.date | None = None
    reference: str | None = _plain(default=None)
    classification: Classification | None = None
    binding: bool = True
    language: Language = Language.EN
    title: LocalText = _text()
    short_title: LocalText | None = _text(default=None)
    period: Period | None = None
    parties: tuple[Party, ...] = _at_least(2, "parties", link=True)
    basis: Basis | None = None
    preamble: tuple[Clause, ...] = _clauses("preamble")
    columns: tuple[Column, ...] | None = None
    sections: tuple[Section, ...] = _at_least(1, "section", sheet=True)
    final_provisions: tuple[Clause, ...] = _clauses("final_provisions")
    signing: Signing | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[FieldPath, str]] = []
        ids = _check_parties(self.parties, problems)
        _check_keys(self.sections, problems)
        for path, party in self.proposers():
            if party not in ids:
                problems.append(
                    (path, f"{party!r} is not a party of this plan (parties: {_known(ids)})")
                )
        for s, section in enumerate(self.sections):
            for i, initiative in enumerate(section.initiatives):
                for key in initiative.responsible:
                    if key not in ids:
                        problems.append(
                            (
                                ("sections", s, "initiatives", i, "responsible", key),
                                f"{key!r} is not a party of this plan (parties: {_known(ids)})",
                            )
                        )
        templates: list[tuple[FieldPath, LocalText | None]] = [
            (("title",), self.title),
            (("short_title",), self.short_title),
        ]
        if self.basis is not None:
            templates.append((("basis", "title"), self.basis.title))
        for name in ("preamble", "final_provisions"):
            for i, clause in enumerate(getattr(self, name)):
                templates.extend(clause_texts(clause, (name, i)))
        for at, text in templates:
            for lang, value in text.values if text is not None else ():
                where = at if lang is None else (*at, lang.value)
                problems.extend(
                    (where, message)
                    for message in names.placeholder_problems(value, len(self.parties))
                )
        if self.columns is not None:
            if not self.columns:
                problems.append((("columns",), "must list at least one column"))
            if len(set(self.columns)) != len(self.columns):
                problems.append((("columns",), "a column is listed twice"))
            if self.columns and not {Column.ACTIVITY} <= set(self.columns):
                problems.append((("columns",), "must include 'activity'"))
        if problems:
            raise InvalidRecord(problems)

    @property
    def table_columns(self) -> tuple[Column, ...]:
        """The columns of the table of initiatives, in order."""
        return self.columns or DEFAULT_COLUMNS

    def proposers(self) -> Iterator[tuple[FieldPath, str]]:
        """Every party id the negotiation fields name (`proposed_by`, a proposal's `by`),
        with its field path."""
        for name in ("preamble", "final_provisions"):
            for index, clause in enumerate(getattr(self, name)):
                if clause.proposed_by is not None:
                    yield (name, index, "proposed_by"), clause.proposed_by
                for k, proposal in enumerate(clause.proposals):
                    yield (name, index, "proposals", k, "by"), proposal.by
        for s, section in enumerate(self.sections):
            for i, initiative in enumerate(section.initiatives):
                at: FieldPath = ("sections", s, "initiatives", i)
                if initiative.proposed_by is not None:
                    yield (*at, "proposed_by"), initiative.proposed_by
                for field in ("activity", "outcome"):
                    value = getattr(initiative, field)
                    if isinstance(value, Proposals):
                        for k, proposal in enumerate(value.proposals):
                            yield (*at, field, "proposals", k, "by"), proposal.by

    def standings(self) -> tuple[Standing, ...]:
        """How far each clause is agreed: every recital, initiative and final provision,
        in reading order."""
        out = [
            Standing(("preamble", i), c.standing, tuple(by for by, _ in c.wordings if by))
            for i, c in enumerate(self.preamble)
        ]
        for s, section in enumerate(self.sections):
            for i, initiative in enumerate(section.initiatives):
                by: list[str] = []
                for value in (initiative.activity, initiative.outcome):
                    if value is not None:
                        by += [party for party, _ in wordings(value) if party]
                if initiative.proposer:
                    by.append(initiative.proposer)
                path: FieldPath = ("sections", s, "initiatives", i)
                out.append(Standing(path, initiative.standing, tuple(dict.fromkeys(by))))
        out += [
            Standing(("final_provisions", i), c.standing, tuple(by for by, _ in c.wordings if by))
            for i, c in enumerate(self.final_provisions)
        ]
        return tuple(out)


# ---------------------------------------------------------------------------------------------
# The brief.


@attrs.frozen(kw_only=True)
class Event:
    """The meeting or visit the brief prepares."""

    kind: EventKind = EventKind.BILATERAL_MEETING
    title: LocalText = _text()
    start: dt.datetime
    end: dt.datetime | None = None
    venue: LocalText | None = _text(default=None)
    parent_event: LocalText | None = _text(default=None)
    format: MeetingFormat | None = None
    press: Press | None = None

    def __attrs_post_init__(self) -> None:
        if self.end is None:
            return
        if (self.start.tzinfo is None) != (self.end.tzinfo is None):
            message = "give a time zone on both start and end, or on neither"
            raise InvalidRecord([(("end",), message)])
        if self.end < self.start:
            raise InvalidRecord(
                [(("end",), f"{self.end.isoformat()} is before start ({self.start.isoformat()})")]
            )


@attrs.frozen(kw_only=True)
class ProgrammeItem:
    """One item of the programme of the visit."""

    date: dt.date
    time: dt.time | None = None
    item: LocalText = _text()
    venue: LocalText | None = _text(default=None)
    press: Press | None = None


@attrs.frozen(kw_only=True)
class TalkingPoint:
    """A topic and the points to make on it."""

    topic: LocalText = _text()
    kind: TalkingPointKind = TalkingPointKind.PROACTIVE
    points: tuple[LocalText, ...] = _at_least(1, "point")


@attrs.frozen(kw_only=True)
class LastContact:
    """The last time the two sides met."""

    date: dt.date | None = None
    place: LocalText | None = _text(default=None)
    outcome: LocalText | None = _text(default=None)


@attrs.frozen(kw_only=True)
class Agreement:
    """An agreement between the sides, past or pending."""

    title: LocalText = _text()
    date: dt.date | None = None
    status: AgreementStatus | None = None


@attrs.frozen(kw_only=True)
class Deliverable:
    """A plan to be signed or adopted at the meeting; summarised in the brief's annex."""

    plan: Plan = attrs.field(metadata={"link": True})


@attrs.frozen(kw_only=True)
class Risk:
    """A difficult issue, how sensitive it is and how to handle it."""

    issue: LocalText = _text()
    sensitivity: Sensitivity | None = None
    handling: LocalText | None = _text(default=None)


@attrs.frozen(kw_only=True)
class Recommendation:
    """What the reader is asked to do: a verb (Note, Sign, Agree, Approve) and its object."""

    verb: LocalText = _text()
    text: LocalText = _text()


@attrs.frozen(kw_only=True)
class NextStep:
    """A follow-up action after the meeting."""

    action: LocalText = _text()
    owner: LocalText | None = _text(default=None)
    due: dt.date | None = None


@attrs.frozen(kw_only=True)
class Brief:
    """A briefing note for a principal before a meeting or visit."""

    kind: Literal["brief"] = "brief"
    id: RecordId = attrs.field(validator=_check_id)
    status: BriefStatus = BriefStatus.DRAFT
    version: str | None = _plain(default=None)
    date: dt.date | None = None
    reference: str | None = _plain(default=None)
    classification: Classification | None = None
    action: Action | None = None
    language: Language = Language.EN
    to: Person | None = None
    prepared_by: Person | None = None
    cleared_by: tuple[Clearance, ...] = ()
    event: Event
    host: PartyId
    guest: PartyId
    parties: tuple[Party, ...] = _at_least(1, "party", link=True)
    purpose: LocalText | None = _text(default=None)
    summary: tuple[LocalText, ...] = _texts()
    objectives: tuple[LocalText, ...] = _texts()
    their_objectives: tuple[LocalText, ...] = _texts()
    participants: Mapping[str, tuple[Participant, ...]] = attrs.field(factory=dict)
    programme: tuple[ProgrammeItem, ...] = ()
    talking_points: tuple[TalkingPoint, ...] = ()
    background: tuple[LocalText, ...] = _texts()
    last_contact: LastContact | None = None
    agreements: tuple[Agreement, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    risks: tuple[Risk, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    next_steps: tuple[NextStep, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[FieldPath, str]] = []
        ids = _check_parties(self.parties, problems)
        for field in ("host", "guest"):
            value = getattr(self, field)
            if ids and value not in ids:
                problems.append(((field,), f"{value!r} is not a party (parties: {_known(ids)})"))
        if self.host == self.guest:
            problems.append((("guest",), f"the guest cannot also be the host ({self.host!r})"))
        for key in self.participants:
            if ids and key not in ids:
                problems.append(
                    (("participants", key), f"{key!r} is not a party (parties: {_known(ids)})")
                )
        if problems:
            raise InvalidRecord(problems)

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        return next(p for p in self.parties if p.id == party_id)


@attrs.frozen(kw_only=True)
class Comparison:
    """Two versions of one plan to compare (the record of a redline, made by `briefgen
    compare`, never written in a file), and whom the changes are attributed to (None: the
    proposing party when known, else "briefgen")."""

    kind: Literal["redline"] = "redline"
    old: Plan
    new: Plan
    author: str | None = None

    @property
    def id(self) -> str:
        """What names its outputs: `<plan id>.redline` (`<id>.redline.docx`)."""
        return f"{self.new.id}.redline"


#: Either kind of record a file holds.
Record: TypeAlias = Plan | Brief
#: Anything a document kind composes: a record, or two versions of a plan compared.
Composable: TypeAlias = Plan | Brief | Comparison


_RECORD_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def record_texts(
    value: object, path: FieldPath = (), *, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[FieldPath, LocalText | str]]:
    """Every text of a record with its field path as the file writes it (input keys): each
    LocalText whole, each plain string field as it is; a clause written as a plain text at
    its own path (no `text:` key in the file). Fields named in `skip` are left out."""
    if isinstance(value, LocalText | str):
        yield path, value
    elif isinstance(value, int | float | bool | Enum) or value is None:
        return
    elif isinstance(value, Clause) and value.text is not None and value == Clause(text=value.text):
        yield path, value.text
    elif attrs.has(cls := type(value)):
        fields = _RECORD_FIELDS.get(cls)
        if fields is None:
            fields = _RECORD_FIELDS[cls] = tuple(
                (f.name, str(f.metadata.get("key", f.name))) for f in attrs.fields(cls)
            )
        for name, key in fields:
            if name not in skip:
                yield from record_texts(getattr(value, name), (*path, key), skip=skip)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from record_texts(item, (*path, index), skip=skip)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from record_texts(item, (*path, str(key)), skip=skip)
