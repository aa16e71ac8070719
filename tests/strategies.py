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
    Recommendation,
    Risk,
    Section,
    Sensitivity,
    Signatory,
    Signing,
    TalkingPoint,
    TalkingPointKind,
)

T = Any

#: Printable, non-blank text, including the scripts briefgen writes (ə, Cyrillic, Arabic, ʻ).
_ALPHABET = string.ascii_letters + string.digits + " .,;:-()'\"&/" + "əğıİşçöüʻЖжщدولة–"

plain_texts = st.text(_ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip() != "")


@st.composite
def local_texts(draw: st.DrawFn) -> LocalText:
    """A LocalText written plain, or as a mapping of one or more languages."""
    if draw(st.booleans()):
        return LocalText(draw(plain_texts))
    languages = draw(st.lists(st.sampled_from(Language), min_size=1, max_size=3, unique=True))
    return LocalText({lang.value: draw(plain_texts) for lang in languages})


def maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """The strategy's value or None (an optional field left out)."""
    return st.none() | strategy


ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True).filter(
    lambda s: s.split(".")[0] not in {"con", "prn", "aux", "nul"}
    and not (s[:3] in {"com", "lpt"} and s.split(".")[0][3:].isdigit())
)
party_ids = st.from_regex(r"[a-z][a-z0-9_-]{0,7}", fullmatch=True)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
datetimes = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)
).map(lambda d: d.replace(second=0, microsecond=0))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
text_lists = st.lists(local_texts(), max_size=3).map(tuple)


def plain_or_none() -> st.SearchStrategy[str | None]:
    return maybe(plain_texts)


signatories = st.builds(
    Signatory, name=local_texts(), title=maybe(local_texts()), rank=maybe(local_texts())
)


@st.composite
def party_lists(draw: st.DrawFn, min_size: int = 2) -> tuple[Party, ...]:
    """2-4 parties with unique ids."""
    keys = draw(st.lists(party_ids, min_size=min_size, max_size=4, unique=True))
    return tuple(
        Party(
            id=key,
            state=draw(local_texts()),
            organisation=draw(local_texts()),
            short=draw(maybe(local_texts())),
            signatory=draw(maybe(signatories)),
            emblem=draw(plain_or_none()),
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
def signings(draw: st.DrawFn) -> Signing:
    """A signing whose prevailing language (if any) is one of the authentic ones."""
    authentic = tuple(draw(st.lists(st.sampled_from(Language), max_size=3, unique=True)))
    prevailing = draw(maybe(st.sampled_from(authentic))) if authentic else None
    return Signing(
        place=draw(maybe(local_texts())),
        date=draw(maybe(dates)),
        copies=draw(st.integers(1, 20)),
        authentic_languages=authentic,
        prevailing_language=prevailing,
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A valid plan: initiatives' responsible keys name its parties."""
    parties = draw(party_lists())
    keys = [p.id for p in parties]
    responsible = st.dictionaries(st.sampled_from(keys), local_texts(), max_size=len(keys))
    initiatives = st.builds(
        Initiative,
        activity=local_texts(),
        timeframe=maybe(local_texts()),
        venue=maybe(local_texts()),
        responsible=responsible,
        outcome=maybe(local_texts()),
    )
    sections = st.builds(
        Section,
        area=local_texts(),
        initiatives=st.lists(initiatives, min_size=1, max_size=3).map(tuple),
    )
    columns = st.lists(st.sampled_from(Column), min_size=0, max_size=4, unique=True).map(
        lambda cs: (Column.ACTIVITY, *[c for c in cs if c is not Column.ACTIVITY])
    )
    return Plan(
        id=draw(ids),
        status=draw(st.sampled_from(PlanStatus)),
        version=draw(plain_or_none()),
        date=draw(maybe(dates)),
        reference=draw(plain_or_none()),
        classification=draw(maybe(st.sampled_from(Classification))),
        binding=draw(st.booleans()),
        language=draw(st.sampled_from(Language)),
        title=draw(local_texts()),
        short_title=draw(maybe(local_texts())),
        period=draw(maybe(periods())),
        parties=parties,
        basis=draw(
            maybe(
                st.builds(
                    Basis, title=local_texts(), date=maybe(dates), place=maybe(local_texts())
                )
            )
        ),
        preamble=draw(text_lists),
        columns=draw(maybe(columns)),
        sections=tuple(draw(st.lists(sections, min_size=1, max_size=3))),
        final_provisions=draw(text_lists),
        signing=draw(maybe(signings())),
    )


@st.composite
def events(draw: st.DrawFn) -> Event:
    """An event whose end (if any) is not before its start."""
    start = draw(datetimes)
    end = draw(maybe(st.timedeltas(dt.timedelta(0), dt.timedelta(days=3))))
    return Event(
        kind=draw(st.sampled_from(EventKind)),
        title=draw(local_texts()),
        start=start,
        end=None if end is None else start + end,
        venue=draw(maybe(local_texts())),
        parent_event=draw(maybe(local_texts())),
        format=draw(maybe(st.sampled_from(MeetingFormat))),
        press=draw(maybe(st.sampled_from(Press))),
    )


persons = st.builds(
    Person,
    name=local_texts(),
    title=maybe(local_texts()),
    unit=maybe(local_texts()),
    phone=plain_or_none(),
)
participants = st.builds(
    Participant, name=local_texts(), title=maybe(local_texts()), role=maybe(local_texts())
)


@st.composite
def briefs(draw: st.DrawFn) -> Brief:
    """A valid brief: host, guest and delegations name its parties; deliverables are plans."""
    parties = draw(party_lists())
    keys = [p.id for p in parties]
    host, guest = draw(st.permutations(keys))[:2]
    delegations = draw(
        st.dictionaries(
            st.sampled_from(keys),
            st.lists(participants, min_size=1, max_size=2).map(tuple),
            max_size=len(keys),
        )
    )
    return Brief(
        id=draw(ids),
        status=draw(st.sampled_from(BriefStatus)),
        version=draw(plain_or_none()),
        date=draw(maybe(dates)),
        reference=draw(plain_or_none()),
        classification=draw(maybe(st.sampled_from(Classification))),
        action=draw(maybe(st.sampled_from(Action))),
        language=draw(st.sampled_from(Language)),
        to=draw(maybe(persons)),
        prepared_by=draw(maybe(persons)),
        cleared_by=tuple(
            draw(
                st.lists(
                    st.builds(
                        Clearance, name=local_texts(), title=maybe(local_texts()), date=maybe(dates)
                    ),
                    max_size=2,
                )
            )
        ),
        event=draw(events()),
        host=host,
        guest=guest,
        parties=parties,
        purpose=draw(maybe(local_texts())),
        summary=draw(text_lists),
        objectives=draw(text_lists),
        their_objectives=draw(text_lists),
        participants=delegations,
        programme=tuple(
            draw(
                st.lists(
                    st.builds(
                        ProgrammeItem,
                        date=dates,
                        time=maybe(times),
                        item=local_texts(),
                        venue=maybe(local_texts()),
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
                        topic=local_texts(),
                        kind=st.sampled_from(TalkingPointKind),
                        points=st.lists(local_texts(), min_size=1, max_size=3).map(tuple),
                    ),
                    max_size=2,
                )
            )
        ),
        background=draw(text_lists),
        last_contact=draw(
            maybe(
                st.builds(
                    LastContact,
                    date=maybe(dates),
                    place=maybe(local_texts()),
                    outcome=maybe(local_texts()),
                )
            )
        ),
        agreements=tuple(
            draw(
                st.lists(
                    st.builds(
                        Agreement,
                        title=local_texts(),
                        date=maybe(dates),
                        status=maybe(st.sampled_from(AgreementStatus)),
                    ),
                    max_size=2,
                )
            )
        ),
        deliverables=tuple(draw(st.lists(st.builds(Deliverable, plan=plans()), max_size=1))),
        risks=tuple(
            draw(
                st.lists(
                    st.builds(
                        Risk,
                        issue=local_texts(),
                        sensitivity=maybe(st.sampled_from(Sensitivity)),
                        handling=maybe(local_texts()),
                    ),
                    max_size=2,
                )
            )
        ),
        recommendations=tuple(
            draw(
                st.lists(
                    st.builds(Recommendation, verb=local_texts(), text=local_texts()), max_size=2
                )
            )
        ),
        next_steps=tuple(
            draw(
                st.lists(
                    st.builds(
                        NextStep, action=local_texts(), owner=maybe(local_texts()), due=maybe(dates)
                    ),
                    max_size=2,
                )
            )
        ),
    )
