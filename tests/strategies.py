"""Hypothesis strategies that build valid Plan and Brief records directly from the model."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from hypothesis import strategies as st

from briefgen.model import (
    Action,
    Agreement,
    AgreementStatus,
    Basis,
    Brief,
    BriefStatus,
    Classification,
    Clause,
    ClauseStatus,
    Clearance,
    Column,
    Deliverable,
    Event,
    EventKind,
    Initiative,
    Language,
    LastContact,
    LocalText,
    MeetingFormat,
    NextStep,
    Participant,
    Party,
    Period,
    Person,
    Plan,
    PlanStatus,
    Press,
    ProgrammeItem,
    Proposal,
    Proposals,
    Recommendation,
    Risk,
    Section,
    Sensitivity,
    Signatory,
    Signing,
    TalkingPoint,
    TalkingPointKind,
)
from briefgen.text import is_blank

T = Any

#: Printable, non-blank text, including the scripts briefgen writes (ə, Cyrillic, Arabic, ʻ).
_ALPHABET = string.ascii_letters + string.digits + " .,;:-()'\"&/" + "əğıİşçöüʻЖжщدولة–"

plain_texts = st.text(_ALPHABET, min_size=1, max_size=30).filter(lambda s: not is_blank(s))


@st.composite
def local_texts(draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None) -> LocalText:
    """A LocalText written plain, or as a mapping of one or more languages."""
    texts = plain_texts if texts is None else texts
    if draw(st.booleans()):
        return LocalText(draw(texts))
    languages = draw(st.lists(st.sampled_from(Language), min_size=1, max_size=3, unique=True))
    return LocalText({lang.value: draw(texts) for lang in languages})


def maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """The strategy's value or None (an optional field left out)."""
    return st.none() | strategy


ids = st.from_regex(r"[a-z0-9](?:[a-z0-9._-]{0,19}[a-z0-9_-])?", fullmatch=True).filter(
    lambda s: (
        s.split(".")[0] not in {"con", "prn", "aux", "nul"}
        and not (s[:3] in {"com", "lpt"} and s.split(".")[0][3:].isdigit())
    )
)
party_ids = st.from_regex(r"[a-z][a-z0-9_-]{0,7}", fullmatch=True)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
datetimes = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)
).map(lambda d: d.replace(second=0, microsecond=0))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def text_lists_of(texts: st.SearchStrategy[str] | None) -> st.SearchStrategy[tuple[LocalText, ...]]:
    """0-3 LocalTexts."""
    return st.lists(local_texts(texts), max_size=3).map(tuple)


text_lists = text_lists_of(None)


def plain_or_none(texts: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str | None]:
    """An optional plain text."""
    return maybe(plain_texts if texts is None else texts)


def signatories(texts: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Signatory]:
    """A signatory, with text from `texts` (default: printable text)."""
    return st.builds(
        Signatory,
        name=local_texts(texts),
        title=maybe(local_texts(texts)),
        rank=maybe(local_texts(texts)),
    )


@st.composite
def party_lists(
    draw: st.DrawFn, min_size: int = 2, texts: st.SearchStrategy[str] | None = None
) -> tuple[Party, ...]:
    """2-4 parties with unique ids."""
    keys = draw(st.lists(party_ids, min_size=min_size, max_size=4, unique=True))
    return tuple(
        Party(
            id=key,
            state=draw(local_texts(texts)),
            organisation=draw(local_texts(texts)),
            short=draw(maybe(local_texts(texts))),
            signatory=draw(maybe(signatories(texts))),
            emblem=draw(plain_or_none()) if texts is None else None,
            language=draw(maybe(st.sampled_from(Language))),
        )
        for key in keys
    )


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """A period with from <= to."""
    start = draw(st.integers(1900, 2200))
    return Period(start=start, end=draw(st.integers(start, 2200)))


@st.composite
def signings(draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None) -> Signing:
    """A signing whose prevailing language (if any) is one of the authentic ones."""
    authentic = tuple(draw(st.lists(st.sampled_from(Language), max_size=3, unique=True)))
    prevailing = draw(maybe(st.sampled_from(authentic))) if authentic else None
    return Signing(
        place=draw(maybe(local_texts(texts))),
        date=draw(maybe(dates)),
        copies=draw(st.integers(1, 20)),
        authentic_languages=authentic,
        prevailing_language=prevailing,
    )


@st.composite
def plans(
    draw: st.DrawFn,
    texts: st.SearchStrategy[str] | None = None,
    sizes: st.SearchStrategy[int] | None = None,
) -> Plan:
    """A valid plan: initiatives' responsible keys name its parties.

    `texts`: the strategy of every text (default: printable text); `sizes`: the number of
    initiatives of each section (default 1-3). A large section repeats a few drawn
    initiatives, so that 500 rows cost no more to draw than three.
    """
    lt = local_texts(texts)
    parties = draw(party_lists(texts=texts))
    keys = [p.id for p in parties]
    responsible = st.dictionaries(st.sampled_from(keys), lt, max_size=len(keys))
    # The negotiation: a text one party proposes, or the parties' competing wordings.
    proposals = st.lists(st.builds(Proposal, by=st.sampled_from(keys), text=lt), min_size=1)
    wordings = lt | st.builds(Proposals, proposals=proposals.map(tuple))
    clauses = st.lists(
        lt
        | st.builds(
            Clause,
            text=lt,
            proposed_by=st.sampled_from(keys),
            status=maybe(st.just(ClauseStatus.PROPOSED)),
        )
        | st.builds(Clause, proposals=proposals.map(tuple)),
        max_size=3,
    ).map(tuple)
    initiatives = st.builds(
        Initiative,
        activity=wordings,
        timeframe=maybe(lt),
        venue=maybe(lt),
        responsible=responsible,
        outcome=maybe(wordings),
        proposed_by=maybe(st.sampled_from(keys)),
    )
    count = st.integers(1, 3) if sizes is None else sizes

    @st.composite
    def section_initiatives(draw: st.DrawFn) -> tuple[Initiative, ...]:
        n = draw(count)
        drawn = draw(st.lists(initiatives, min_size=1, max_size=min(n, 3)))
        return tuple(drawn[i % len(drawn)] for i in range(n))

    sections = st.builds(Section, area=lt, initiatives=section_initiatives())
    columns = st.lists(st.sampled_from(Column), min_size=0, max_size=4, unique=True).map(
        lambda cs: (Column.ACTIVITY, *[c for c in cs if c is not Column.ACTIVITY])
    )
    return Plan(
        id=draw(ids),
        status=draw(st.sampled_from(PlanStatus)),
        version=draw(plain_or_none(texts)),
        date=draw(maybe(dates)),
        reference=draw(plain_or_none(texts)),
        classification=draw(maybe(st.sampled_from(Classification))),
        binding=draw(st.booleans()),
        language=draw(st.sampled_from(Language)),
        title=draw(lt),
        short_title=draw(maybe(lt)),
        period=draw(maybe(periods())),
        parties=parties,
        basis=draw(maybe(st.builds(Basis, title=lt, date=maybe(dates), place=maybe(lt)))),
        preamble=draw(clauses),
        columns=draw(maybe(columns)),
        sections=tuple(draw(st.lists(sections, min_size=1, max_size=3))),
        final_provisions=draw(clauses),
        signing=draw(maybe(signings(texts))),
    )


@st.composite
def events(draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None) -> Event:
    """An event whose end (if any) is not before its start."""
    lt = local_texts(texts)
    start = draw(datetimes)
    end = draw(maybe(st.timedeltas(dt.timedelta(0), dt.timedelta(days=3))))
    return Event(
        kind=draw(st.sampled_from(EventKind)),
        title=draw(lt),
        start=start,
        end=None if end is None else start + end,
        venue=draw(maybe(lt)),
        parent_event=draw(maybe(lt)),
        format=draw(maybe(st.sampled_from(MeetingFormat))),
        press=draw(maybe(st.sampled_from(Press))),
    )


def persons(texts: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Person]:
    """A person, with text from `texts`."""
    lt = local_texts(texts)
    return st.builds(Person, name=lt, title=maybe(lt), unit=maybe(lt), phone=plain_or_none(texts))


def participants(texts: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Participant]:
    """A member of a delegation, with text from `texts`."""
    lt = local_texts(texts)
    return st.builds(Participant, name=lt, title=maybe(lt), role=maybe(lt))


@st.composite
def briefs(draw: st.DrawFn, texts: st.SearchStrategy[str] | None = None) -> Brief:
    """A valid brief: host, guest and delegations name its parties; deliverables are plans."""
    lt = local_texts(texts)
    parties = draw(party_lists(texts=texts))
    keys = [p.id for p in parties]
    host, guest = draw(st.permutations(keys))[:2]
    delegations = draw(
        st.dictionaries(
            st.sampled_from(keys),
            st.lists(participants(texts), min_size=1, max_size=2).map(tuple),
            max_size=len(keys),
        )
    )
    return Brief(
        id=draw(ids),
        status=draw(st.sampled_from(BriefStatus)),
        version=draw(plain_or_none(texts)),
        date=draw(maybe(dates)),
        reference=draw(plain_or_none(texts)),
        classification=draw(maybe(st.sampled_from(Classification))),
        action=draw(maybe(st.sampled_from(Action))),
        language=draw(st.sampled_from(Language)),
        to=draw(maybe(persons(texts))),
        prepared_by=draw(maybe(persons(texts))),
        cleared_by=tuple(
            draw(
                st.lists(
                    st.builds(Clearance, name=lt, title=maybe(lt), date=maybe(dates)),
                    max_size=2,
                )
            )
        ),
        event=draw(events(texts)),
        host=host,
        guest=guest,
        parties=parties,
        purpose=draw(maybe(lt)),
        summary=draw(text_lists_of(texts)),
        objectives=draw(text_lists_of(texts)),
        their_objectives=draw(text_lists_of(texts)),
        participants=delegations,
        programme=tuple(
            draw(
                st.lists(
                    st.builds(
                        ProgrammeItem,
                        date=dates,
                        time=maybe(times),
                        item=lt,
                        venue=maybe(lt),
                        press=maybe(st.sampled_from(Press)),
                    ),
                    max_size=3,
                )
            )
        ),
        talking_points=tuple(
            draw(
                st.lists(
                    st.builds(
                        TalkingPoint,
                        topic=lt,
                        kind=st.sampled_from(TalkingPointKind),
                        points=st.lists(lt, min_size=1, max_size=3).map(tuple),
                    ),
                    max_size=2,
                )
            )
        ),
        background=draw(text_lists_of(texts)),
        last_contact=draw(
            maybe(
                st.builds(
                    LastContact,
                    date=maybe(dates),
                    place=maybe(lt),
                    outcome=maybe(lt),
                )
            )
        ),
        agreements=tuple(
            draw(
                st.lists(
                    st.builds(
                        Agreement,
                        title=lt,
                        date=maybe(dates),
                        status=maybe(st.sampled_from(AgreementStatus)),
                    ),
                    max_size=2,
                )
            )
        ),
        deliverables=tuple(draw(st.lists(st.builds(Deliverable, plan=plans(texts)), max_size=1))),
        risks=tuple(
            draw(
                st.lists(
                    st.builds(
                        Risk,
                        issue=lt,
                        sensitivity=maybe(st.sampled_from(Sensitivity)),
                        handling=maybe(lt),
                    ),
                    max_size=2,
                )
            )
        ),
        recommendations=tuple(
            draw(st.lists(st.builds(Recommendation, verb=lt, text=lt), max_size=2))
        ),
        next_steps=tuple(
            draw(
                st.lists(
                    st.builds(NextStep, action=lt, owner=maybe(lt), due=maybe(dates)),
                    max_size=2,
                )
            )
        ),
    )


# ---------------------------------------------------------------------------------------------
# Hostile text: what has broken renderers.


def _covered_alphabet() -> str:
    """Every character the default theme's fonts can print (RTL letters: upright faces only)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from briefgen.text import is_rtl_script
    from briefgen.theme import load_theme

    fonts = load_theme().fonts
    faces = [
        frozenset(TTFontFile(str(path)).charToGlyph)
        for path in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic)
    ]

    def printable(char: str) -> bool:
        needed = faces[:2] if is_rtl_script(char) else faces
        return all(ord(char) in face for face in needed)

    # A title is set in capitals: a letter whose capital the fonts lack is left out.
    return "".join(
        chr(code)
        for code in sorted(faces[0] | faces[1])
        if printable(chr(code)) and all(printable(c) for c in chr(code).upper())
    )


#: Fragments that have broken document generators: markup and entities (reportlab paragraphs
#: are markup), XML-forbidden controls, bidi and joiner controls, combining marks, Arabic
#: with vowel marks and digits, Cyrillic, Azerbaijani and Uzbek letters, emoji sequences.
TRICKY = (
    "&",
    "<",
    ">",
    '"',
    "'",
    "<b>",
    "</i>",
    "&amp;",
    "&lt;",
    "<br>",
    "<br/>",
    "<para>",
    "]]>",
    "%s",
    "{page}",
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "e\u0301",
    "a\u0308\u0331",
    "\u0301",
    "ﬁ",
    "وزارة الخارجية",
    "مُحَمَّد",
    "(٢٠٢٥)",
    "لا",
    "ـــ",
    "Министерство иностранных дел",
    "Fövqəladə Hallar Nazirliyi",
    "İİ ıı",
    "Oʻzbekiston gʻalaba",
    "Ўзбекистон",
    "😀",
    "👨‍👩‍👧",
    "🇦🇿",
    "∑",
    "\U0001f732",
    "\ue000",
    "\U000e0001",
    "\u0378",
)

_COVERED = _covered_alphabet()

#: Text the default fonts cover, from every script they have.
covered_texts = st.text(_COVERED, min_size=1, max_size=40)
#: Text from all of Unicode (assigned or not, private use, controls; no lone surrogates).
any_texts = st.text(min_size=1, max_size=20)
#: One unbroken word of 200-5,000 characters (a URL, a reference number).
long_words = st.builds(
    lambda char, n: char * n, st.sampled_from("x9/ж" + "ب"), st.integers(200, 5000)
)


@st.composite
def hostile_texts(draw: st.DrawFn, everything: bool = True) -> str:
    """A valid (not blank) text made of tricky fragments, covered text and, if `everything`,
    characters from all of Unicode; rarely one very long word."""
    pieces = [covered_texts, st.sampled_from(TRICKY)]
    if everything:
        pieces.append(any_texts)
    parts = draw(st.lists(st.one_of(pieces), min_size=1, max_size=4))
    if draw(st.integers(0, 49)) == 0:
        parts.append(draw(long_words))
    text = "".join(parts)
    if is_blank(text):  # nothing visible: a record refuses it (see test_model)
        text += "x"
    return text
