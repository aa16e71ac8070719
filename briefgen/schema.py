"""The JSON Schema (draft 2020-12) of record files, for editor completion and validation.

cattrs has no schema generator (cattrs#397), so the schema is derived here from the same
attrs fields, input keys (field metadata "key") and list minimums the loader uses: the schema
and the loader cannot drift apart. It describes the file as written: dates as ISO strings,
text as a string or a language mapping, links as file names.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Mapping, Sequence
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Literal

import attrs

from briefgen.kinds import kind_named
from briefgen.model import (
    ID_PATTERN,
    Clause,
    Language,
    LocalText,
    PartyId,
    RecordId,
)

__all__ = ["DESCRIPTIONS", "PLACES", "describe", "schema"]

_DATE_TIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
_PARTY_ID = "^[a-z][a-z0-9_-]{0,31}$"
_LINK = {"type": "string", "description": "a record file, relative to this file"}
#: A spreadsheet holding a list (a plan's matrix of initiatives: `briefgen.load.sheets`).
_SHEET = {
    "anyOf": [
        {"type": "string", "pattern": r"(?i)\.(xlsx|xlsm|csv)$"},
        {
            "type": "object",
            "properties": {"file": {"type": "string"}, "sheet": {"type": "string"}},
            "required": ["file"],
            "additionalProperties": False,
        },
    ],
    "description": "a workbook (.xlsx) or CSV file, relative to this file; or {file, sheet}",
}

#: What each field of a record file means, one line each: "Record.key", or "key" for a
#: field that means the same wherever it stands. The schema carries them (an editor shows
#: them on hover) and the field reference (docs/reference.md) is written from them; a test
#: fails on a field without one.
DESCRIPTIONS: Mapping[str, str] = {
    "kind": "what the record is: `plan` or `brief`",
    "id": "names the output files (`<id>.pdf`): lowercase letters, digits, `.`, `_`, `-`",
    "version": 'the version of this draft, as text (write it in quotes: "0.3")',
    "reference": "the file reference, e.g. MES-IRD/2026/PL-001",
    "classification": "the marking at the top and bottom of every page",
    "language": "the language of plain (not per-language) texts, and of the document "
    "unless --lang asks for another",
    "Plan.status": "draft (a DRAFT watermark), initialled or signed (then every text must "
    "be in the document's language)",
    "Plan.date": "the date of this draft",
    "Plan.binding": 'false gives non-binding wording ("Participants", "will"); true '
    'treaty wording ("Parties", "shall")',
    "Plan.title": "the title of the plan; may name the parties by placeholders, "
    "{party1} {party2} {state1} {parties} (a form after a colon: {party1:genitive}), so "
    "that each party's original (--original) names it first",
    "Plan.short_title": "a shorter title for the running header from page 2 on (placeholders "
    "as in the title)",
    "Plan.period": "the years the plan covers",
    "Plan.parties": "the sides of the plan (at least two), or the file of a record that lists them",
    "Plan.basis": "the agreement or memorandum this plan implements",
    "Plan.preamble": "the recitals before the table, one paragraph each: a text, or a "
    "clause with its negotiation status",
    "Plan.columns": "the columns of the table of initiatives, in order (default: no, "
    "activity, timeframe, responsible, outcome)",
    "Plan.sections": "the areas of cooperation, each with its initiatives; or the workbook or "
    "CSV file that holds them (`sections: initiatives.xlsx`)",
    "Plan.final_provisions": "the closing provisions, after the table: each a text, or a "
    "clause with its negotiation status",
    "Plan.signing": "where, when, in how many originals and languages the plan is signed",
    "Brief.status": "draft (a DRAFT watermark) or final (then every text must be in the "
    "document's language)",
    "Brief.date": "the date of this brief",
    "Brief.action": "what the reader is asked for",
    "Brief.to": "the person the brief is for (the minister)",
    "Brief.prepared_by": "the officer who prepared the brief",
    "Brief.cleared_by": "who cleared the brief, and when",
    "Brief.event": "the meeting or visit the brief prepares",
    "Brief.host": "the id of the host party (one of `parties`)",
    "Brief.guest": "the id of the guest party (one of `parties`)",
    "Brief.parties": "the sides of the meeting, or the file of a plan that lists them "
    "(`parties: plan.yaml`)",
    "Brief.purpose": "why the meeting matters, in a sentence",
    "Brief.summary": "the summary: the points the reader must know, one paragraph each",
    "Brief.objectives": "what we want from the meeting",
    "Brief.their_objectives": "what the other side wants from it",
    "Brief.participants": "per party id, the members of its delegation",
    "Brief.programme": "the programme of a visit, item by item",
    "Brief.talking_points": "the topics to raise or answer, with the points on each",
    "Brief.background": "background paragraphs",
    "Brief.last_contact": "the last time the two sides met",
    "Brief.agreements": "agreements between the sides, past or pending",
    "Brief.deliverables": "plans to sign or adopt at the meeting; each is annexed",
    "Brief.risks": "difficult issues, how sensitive they are and how to handle them",
    "Brief.recommendations": "what the reader is asked to do",
    "Brief.next_steps": "follow-up actions after the meeting",
    "Party.id": "a short key the record refers to the party by (`a`, `az`, `kz`)",
    "Party.state": "the state: its code (AZ, UZ, KZ, KG, TJ, TM, TR, GE, RU, IR, BY, AM, PS), "
    "which gives its official name in every language and form, or its name, e.g. Republic of "
    "Azerbaijan",
    "Party.full_name": "the party's whole name as printed, where joining the organisation "
    "and the state would not say it right: per grammatical form, a text or one per language",
    "NameForms.nominative": "the name as subject: Министерство по чрезвычайным ситуациям "
    "Азербайджанской Республики",
    "NameForms.genitive": "of the party (ru, az, uz): Министерства по чрезвычайным ситуациям "
    "... (for {party1:genitive} in a title)",
    "NameForms.dative": "to the party (ru): Министерству ...",
    "NameForms.accusative": "the party as object (ru: За ... under the signature); computed "
    "from the nominative when left out",
    "NameForms.instrumental": "with the party (ru: между Министерством ...)",
    "NameForms.prepositional": "about the party (ru: о Министерстве ...)",
    "Party.organisation": "the ministry or agency, e.g. Ministry of Emergency Situations",
    "Party.short": 'a short name heading this party\'s "Responsible" column (plans)',
    "Party.signatory": "who signs for this party (plans)",
    "Party.emblem": "a PNG or JPEG beside the record: shown over the party's name (plan) or "
    "as the letterhead of the host (brief)",
    "Party.language": "the party's own language: of its original (--original) and of its "
    "signatory's name in its own script",
    "Signatory.name": "the signatory's name",
    "Signatory.title": "the signatory's post, e.g. Minister of Emergency Situations",
    "Signatory.rank": "a rank printed under the title, e.g. Colonel General",
    "Person.name": "the person's name",
    "Person.title": "the person's post",
    "Person.unit": "the department or unit",
    "Person.phone": "a telephone number, as text",
    "Clearance.name": "the name of who cleared the brief",
    "Clearance.title": "their post",
    "Clearance.date": "when they cleared it",
    "Participant.name": "the member's name",
    "Participant.title": "the member's post",
    "Participant.role": "the role in the delegation, e.g. Head of delegation",
    "Period.from": "the first year",
    "Period.to": "the last year (inclusive)",
    "Basis.title": "the title of the instrument; may name the states by placeholders, "
    "{state1} {state2} (a form after a colon: {state1:genitive}), to follow the alternat",
    "Basis.date": "the date it was signed",
    "Basis.place": "where it was signed",
    "Section.area": "the area of cooperation: a heading row of the table",
    "Section.initiatives": "the initiatives of this area: a row each",
    "Section.key": "a stable name for this area across versions, unique in the plan "
    "(briefgen compare matches by it; not printed)",
    "Initiative.activity": "what will be done (or the parties' competing proposals of it)",
    "Initiative.timeframe": "when: 2026 Q3, 2026-2027, annually, as agreed",
    "Initiative.venue": "where",
    "Initiative.responsible": "per party id, the body responsible on that side",
    "Initiative.outcome": "the expected outcome (or the parties' competing proposals of it)",
    "Initiative.status": "agreed (the default) or proposed: printed in brackets with the "
    "proposing party's short name until agreed",
    "Initiative.proposed_by": "the id of the party proposing the initiative (status "
    "proposed when status is left out)",
    "Initiative.key": "a stable name for this initiative across versions, unique in the "
    "plan (briefgen compare matches by it; not printed)",
    "Clause.text": "the agreed text, or the text one party proposes",
    "Clause.proposals": "competing wordings instead of text, each with the party proposing it",
    "Clause.proposed_by": "the id of the party proposing the text (status proposed when "
    "status is left out)",
    "Clause.status": "agreed (the default) or proposed: printed in brackets with the "
    "proposing party's short name until agreed; an initialled or signed plan must have "
    "every clause agreed",
    "Clause.key": "a name that stays the same across versions, for matching this clause "
    "in a comparison",
    "Proposals.proposals": "the competing wordings, each with the party proposing it",
    "Proposal.by": "the id of the party proposing this wording",
    "Proposal.text": "the wording",
    "Signing.place": "where the plan is signed",
    "Signing.date": "when the plan is signed",
    "Signing.copies": "how many originals (1-20)",
    "Signing.authentic_languages": "the languages of the originals, all equally authentic",
    "Signing.prevailing_language": "the text that prevails in case of divergence (one of "
    "the authentic languages)",
    "Event.kind": "what the event is",
    "Event.title": "the title of the meeting or visit",
    "Event.start": "when it starts: date and time, e.g. 2026-03-12T10:00",
    "Event.end": "when it ends",
    "Event.venue": "where",
    "Event.parent_event": "the conference whose margins the meeting is held on",
    "Event.format": "how the meeting is held",
    "Event.press": "what the press may see",
    "ProgrammeItem.date": "the day",
    "ProgrammeItem.time": 'the time, e.g. "10:00" (in quotes)',
    "ProgrammeItem.item": "what happens",
    "ProgrammeItem.venue": "where",
    "ProgrammeItem.press": "what the press may see",
    "TalkingPoint.topic": "the topic",
    "TalkingPoint.kind": "proactive (to raise), reactive (if raised) or defensive",
    "TalkingPoint.points": "the points to make, one each",
    "LastContact.date": "when",
    "LastContact.place": "where",
    "LastContact.outcome": "what came of it",
    "Agreement.title": "the title of the agreement",
    "Agreement.date": "its date",
    "Agreement.status": "where it stands",
    "Deliverable.plan": "the file of the plan (`plan: plan.yaml`), relative to the brief",
    "Risk.issue": "the issue",
    "Risk.sensitivity": "how sensitive it is",
    "Risk.handling": "how to handle it",
    "Recommendation.verb": "the verb, e.g. Note, Agree, Sign, Approve",
    "Recommendation.text": "what follows the verb",
    "NextStep.action": "what is to be done",
    "NextStep.owner": "who does it",
    "NextStep.due": "by when",
}


#: Where each top-level field of a record shows in its document (the English headings),
#: for the field reference; a test fails on a top-level field without one.
PLACES: Mapping[str, str] = {
    "Plan.kind": "(which document is made)",
    "Plan.id": "(the output file name)",
    "Plan.status": "the DRAFT watermark; the line under the title; the footer",
    "Plan.version": "the line under the title; the footer",
    "Plan.date": "the line under the title; the footer",
    "Plan.reference": "the line under the title; the footer",
    "Plan.classification": "the marking at the top and bottom of every page",
    "Plan.binding": "the wording throughout (Participants/will or Parties/shall)",
    "Plan.language": "(the language of plain texts)",
    "Plan.title": "the title on page 1",
    "Plan.short_title": "the running header, page 2 on",
    "Plan.period": "the title on page 1",
    "Plan.parties": "the preamble, the Responsible columns, the signature blocks",
    "Plan.basis": "the first paragraph, before the preamble",
    "Plan.preamble": "the recitals before the table",
    "Plan.columns": "the table Joint actions",
    "Plan.sections": "the table Joint actions: a heading row per area, a row per initiative",
    "Plan.final_provisions": "Final provisions",
    "Plan.signing": "the signing formula and the signature blocks",
    "Brief.kind": "(which document is made)",
    "Brief.id": "(the output file name)",
    "Brief.status": "the DRAFT watermark; the box at the top (Version)",
    "Brief.version": "the box at the top (Version); the footer",
    "Brief.date": "the box at the top (Date)",
    "Brief.reference": "the box at the top (Reference); the footer",
    "Brief.classification": "the marking at the top and bottom of every page",
    "Brief.action": "the box at the top (Action required)",
    "Brief.language": "(the language of plain texts)",
    "Brief.to": "the box at the top (To)",
    "Brief.prepared_by": "the box at the top (From)",
    "Brief.cleared_by": "the box at the top (Cleared by)",
    "Brief.event": "the title and the line under it, page 1",
    "Brief.host": "the letterhead (the host's emblem); Participants",
    "Brief.guest": "Participants",
    "Brief.parties": "Participants; the letterhead (the host's emblem)",
    "Brief.purpose": "Purpose",
    "Brief.summary": "Summary",
    "Brief.objectives": "Our objectives",
    "Brief.their_objectives": "Their likely objectives",
    "Brief.participants": "Participants: a table per delegation",
    "Brief.programme": "Programme",
    "Brief.talking_points": "Talking points",
    "Brief.background": "Background",
    "Brief.last_contact": "Last contact",
    "Brief.agreements": "Agreements",
    "Brief.deliverables": "an annex per plan (For signature)",
    "Brief.risks": "Risks and handling",
    "Brief.recommendations": "Recommendations",
    "Brief.next_steps": "Next steps",
}


def describe(record: str, key: str) -> str:
    """The one-line description of field `key` of the record class named `record`."""
    try:
        return DESCRIPTIONS[f"{record}.{key}"]
    except KeyError:
        return DESCRIPTIONS[key]


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is RecordId:
            return {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
        if tp is PartyId:
            return {"type": "string", "pattern": _PARTY_ID}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is dt.date:
            return {"type": "string", "format": "date"}
        if tp is dt.datetime:
            return {"type": "string", "pattern": _DATE_TIME}
        if tp is dt.time:
            return {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}
        if tp is LocalText:
            return {"$ref": "#/$defs/LocalText"}
        if tp is Clause:  # a plain text, or the clause written out as a mapping
            return {"anyOf": [{"$ref": "#/$defs/LocalText"}, self.record(tp)]}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"enum": [member.value for member in tp]}
        if origin is Literal:
            return {"const": args[0]}
        if origin in (UnionType, typing.Union):
            options = [a for a in args if a is not NoneType]
            inner = (
                self.type_schema(options[0])
                if len(options) == 1
                else {"anyOf": [self.type_schema(a) for a in options]}
            )
            return {"anyOf": [inner, {"type": "null"}]} if NoneType in args else inner
        if origin in (tuple, list, Sequence):
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if attrs.has(tp):
            return self.record(tp)
        raise TypeError(f"no schema for {tp!r}")

    def record(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class may refer to itself
            hints = typing.get_type_hints(cls)
            properties: dict[str, Any] = {}
            required: list[str] = []
            for field in attrs.fields(cls):
                key = str(field.metadata.get("key", field.name))
                prop = self.type_schema(hints[field.name])
                if "min_items" in field.metadata:
                    prop = {**prop, "minItems": field.metadata["min_items"]}
                if field.metadata.get("link"):
                    prop = {"anyOf": [prop, _LINK]}
                if field.metadata.get("sheet"):
                    prop = {"anyOf": [prop, _SHEET]}
                prop = {"description": describe(name, key), **prop}
                properties[key] = prop
                if field.default is attrs.NOTHING:
                    required.append(key)
            doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
            self.defs[name] = {
                "type": "object",
                "description": " ".join(doc.split()),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a record file of this kind (a name from `briefgen.kinds.KINDS`)."""
    cls = kind_named(kind).record
    builder = _Builder()
    languages = sorted(lang.value for lang in Language)
    builder.defs["LocalText"] = {
        "description": "text in the record's language, or a mapping of language to text",
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "propertyNames": {"enum": languages},
                "additionalProperties": {"type": "string", "minLength": 1},
                "minProperties": 1,
            },
        ],
    }
    builder.record(cls)
    body = dict(builder.defs.pop(cls.__name__))
    body["required"] = sorted({"kind", *body["required"]})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://briefgen.invalid/schema/{kind}.json",
        "title": f"briefgen {kind}",
        **body,
        "$defs": builder.defs,
    }


# --- the field reference: docs/reference.md is written from the schema ---------------------

#: The file the field reference is written to, relative to the repository.
REFERENCE = "docs/reference.md"


def skeleton(kind: str, *, uncomment: bool = False) -> str:
    """The skeleton `briefgen new` writes for `kind`; with `uncomment`, every optional field
    commented out in it made live (a line `# key: ...` after the opening comments), so the
    text names every field the skeleton shows."""
    from importlib import resources

    text = resources.files("briefgen").joinpath("skeletons", kind_named(kind).skeleton)
    lines = text.read_text("utf-8").splitlines()
    if not uncomment:
        return "\n".join(lines) + "\n"
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    body = [re.sub(r"^(\s*)# ", r"\1", line) for line in lines[start:]]
    return "\n".join(lines[:start] + body) + "\n"


def skeleton_data(kind: str) -> Any:
    """The uncommented skeleton of `kind`, parsed (not structured): plain data."""
    from briefgen.load.parse.yaml import parse as parse_yaml

    return parse_yaml(skeleton(kind, uncomment=True), f"{kind}.yaml").data


def reference() -> str:
    """The field reference of every kind, as Markdown (what `docs/reference.md` holds)."""
    from briefgen.kinds import FILE_KINDS

    out = [
        "# Field reference",
        "",
        "<!-- Written by scripts/field-reference from briefgen's JSON Schema; do not edit. -->",
        "",
        "Every field a record file may hold, kind by kind. **Required** fields must be "
        "given; the others can be left out, and their part of the document is then left "
        "out. *Text* takes a plain string in the record's `language`, or a mapping of "
        "language to text (`{en: ..., az: ...}`); *plain text* takes only a string. "
        "A field `a.b` is `b` inside `a`; `a[].b` is `b` in each item of the list `a`. "
        "The examples are those of the skeleton `briefgen new KIND` writes.",
        "",
    ]
    for kind in FILE_KINDS.values():
        document = schema(kind.name)
        out += [
            f"## {kind.name}: {kind.description}",
            "",
            f"`kind: {kind.name}`. Start one with `briefgen new {kind.name} FILE.yaml`; "
            f"`briefgen schema {kind.name}` prints the JSON Schema this table is made from.",
            "",
            "| field | type | required | description | where it shows | example |",
            "|---|---|---|---|---|---|",
        ]
        rows = _Rows(document, kind.record.__name__)
        rows.walk(document, "", [skeleton_data(kind.name)])
        out += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows.rows
        ]
        out.append("")
    return "\n".join(out)


class _Rows:
    """The rows of one kind's table: the schema walked depth first, with the skeleton's
    values at the same place as examples."""

    def __init__(self, document: Mapping[str, Any], record: str) -> None:
        self.defs: Mapping[str, Any] = document["$defs"]
        self.record = record
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            node = {**self.defs[node["$ref"].rpartition("/")[2]], **node}
            node.pop("$ref")
        return node

    def walk(self, node: Mapping[str, Any], path: str, data: list[Any]) -> None:
        node = self.resolve(node)
        required = set(node.get("required", ()))
        for key, prop in node.get("properties", {}).items():
            values = [item[key] for item in data if isinstance(item, dict) and key in item]
            self.field(prop, f"{path}{key}", key in required, values)

    def field(self, prop: Mapping[str, Any], path: str, required: bool, data: list[Any]) -> None:
        description = prop.get("description", "")
        inner = self.resolve(prop)
        self.rows.append(
            (
                f"`{path}`",
                self.type_name(inner),
                "required" if required else "",
                description,
                "" if "." in path or "[" in path else PLACES[f"{self.record}.{path}"],
                _example(data),
            )
        )
        self.descend(inner, path, data)

    def descend(self, node: Mapping[str, Any], path: str, data: list[Any]) -> None:
        for option in node.get("anyOf", ()):
            self.descend_one(self.resolve(option), path, data)
        self.descend_one(node, path, data)

    def descend_one(self, node: Mapping[str, Any], path: str, data: list[Any]) -> None:
        if node.get("type") == "array":
            items = [x for item in data if isinstance(item, list) for x in item]
            self.descend(self.resolve(node["items"]), f"{path}[]", items)
        elif node.get("type") == "object" and "properties" in node:
            if node.get("description", "").startswith(("A joint action plan", "A briefing")):
                return  # a linked record of another kind: its fields are in its own table
            self.walk(node, f"{path}.", data)
        elif node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
            values = [v for item in data if isinstance(item, dict) for v in item.values()]
            self.descend(self.resolve(node["additionalProperties"]), f"{path}.<party>", values)

    def type_name(self, node: Mapping[str, Any]) -> str:
        if node.get("description") == _SHEET["description"]:
            return "workbook or CSV file"
        if "anyOf" in node and "properties" not in node:
            options = [self.resolve(o) for o in node["anyOf"]]
            if any("minProperties" in o for o in options):  # LocalText
                return "text"
            named = [self.type_name(o) for o in options if o.get("type") != "null"]
            return " or ".join(named)
        if "enum" in node:
            return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
        if "const" in node:
            return f"`{node['const']}`"
        kind = node.get("type")
        if kind == "string":
            if node.get("format") == "date":
                return "date (YYYY-MM-DD)"
            pattern = node.get("pattern", "")
            if pattern == _DATE_TIME:
                return "date and time (YYYY-MM-DDTHH:MM)"
            if pattern.startswith("^([01]"):
                return "time (HH:MM)"
            if pattern == _PARTY_ID:
                return "party id"
            if pattern:
                return "id"
            if node.get("description") == _LINK["description"]:
                return "file name"
            return "plain text"
        if kind == "array":
            return "list of " + self.type_name(self.resolve(node["items"]))
        if kind == "object":
            record = node.get("properties", {}).get("kind", {}).get("const")
            if record:
                return f"a whole {record} record"
            if "properties" in node:
                return "mapping"
            return "mapping of party id to " + self.type_name(
                self.resolve(node["additionalProperties"])
            )
        return {"integer": "whole number", "number": "number", "boolean": "true or false"}.get(
            str(kind), str(kind)
        )


def _example(values: list[Any]) -> str:
    """The first value the skeleton gives for a field, as written; "" for none."""
    for value in values:
        if value == "" or value is None or isinstance(value, dict):
            continue
        if isinstance(value, list):
            if value and all(isinstance(v, str | int) and v != "" for v in value):
                text = "[" + ", ".join(str(v) for v in value) + "]"
                return f"`{text}`" if len(text) <= 60 else f"`{text[:56]}...]`"
            continue
        if isinstance(value, bool):
            return f"`{str(value).lower()}`"
        if isinstance(value, dt.datetime):
            return f"`{value.isoformat(timespec='minutes')}`"
        if isinstance(value, dt.date | dt.time):
            return f"`{value.isoformat()}`"
        text = str(value)
        return f"`{text}`" if len(text) <= 60 else f"`{text[:57]}...`"
    return ""
