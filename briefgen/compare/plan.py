"""Compare two versions of a plan item by item: `compare(old, new) -> Changes`.

Each list of items is matched on its own (`briefgen.compare.match`): recitals, provisions,
sections, and the initiatives of the whole plan as one list (so an initiative moved to
another area is moved, not deleted and inserted); parties (their signatories and
responsible bodies) by their ids. Texts are compared in every language each version gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from briefgen.compare.changes import ChangeKind, Changes, Item, ItemChange, TextChange
from briefgen.compare.match import in_place, match
from briefgen.model import Clause, Initiative, Language, LocalText, Plan, Wording, wordings

__all__ = ["compare"]

#: An item's texts: (field, language) -> text.
Texts = dict[tuple[str, str], str]


def _local(value: LocalText | None, own: Language, field: str, out: Texts) -> None:
    if value is None:
        return
    for lang, text in value.values:
        out[field, (lang or own).value] = text


def _wording(value: Wording | None, own: Language, field: str, out: Texts) -> None:
    """A text, or each party's competing wording of it (field "activity[uz]")."""
    if value is None:
        return
    for by, text in wordings(value):
        _local(text, own, field if by is None else f"{field}[{by}]", out)


def _standing(standing: str, proposer: str | None, out: Texts) -> None:
    """Where an item's negotiation stands, when it is not agreed ("proposed uz")."""
    if standing != "agreed":
        out["status", ""] = f"{standing} {proposer}" if proposer else standing


def _text_changes(old: Texts, new: Texts) -> tuple[TextChange, ...]:
    keys = list(dict.fromkeys([*new, *old]))
    return tuple(
        TextChange(
            field=field,
            language=lang,
            old=old.get((field, lang), ""),
            new=new.get((field, lang), ""),
        )
        for field, lang in keys
        if old.get((field, lang), "") != new.get((field, lang), "")
    )


def _joined(texts: Texts) -> str:
    return " ".join(texts.values())


def _initiative(initiative: Initiative, own: Language) -> Texts:
    out: Texts = {}
    _wording(initiative.activity, own, "activity", out)
    _local(initiative.timeframe, own, "timeframe", out)
    _local(initiative.venue, own, "venue", out)
    for party, body in initiative.responsible.items():
        _local(body, own, f"responsible.{party}", out)
    _wording(initiative.outcome, own, "outcome", out)
    _standing(initiative.standing, initiative.proposer, out)
    return out


class _Compare:
    def __init__(self, old: Plan, new: Plan) -> None:
        self.old, self.new = old, new
        self.changes: list[tuple[tuple[int, ...], ItemChange]] = []
        self.pairs: list[tuple[str, str]] = []

    def add(self, order: tuple[int, ...], change: ItemChange) -> None:
        self.changes.append((order, change))

    def single(self, item: Item, order: int, path: str, old: Texts, new: Texts) -> None:
        """An item the plan has at most once (the title, the basis, the signing formula)."""
        if not old and not new:
            return
        if old and new:
            self.pairs.append((path, path))
        kind: ChangeKind = "changed" if old and new else ("inserted" if new else "deleted")
        texts = _text_changes(old, new)
        if texts:
            self.add(
                (order,),
                ItemChange(
                    item=item,
                    kind=kind,
                    old=path if old else None,
                    new=path if new else None,
                    texts=texts,
                ),
            )

    def listed(
        self,
        item: Item,
        order: int,
        old: Sequence[Texts],
        new: Sequence[Texts],
        paths: tuple[Sequence[str], Sequence[str]],
        keys: tuple[Sequence[str | None], Sequence[str | None]] = ((), ()),
    ) -> list[tuple[int, int]]:
        """A list of items: matched, then each pair changed or moved, the rest inserted or
        deleted. Returns the pairs."""
        pairs = match([_joined(t) for t in old], [_joined(t) for t in new], *keys)
        kept = in_place(pairs)
        old_paths, new_paths = paths
        okeys = list(keys[0]) or [None] * len(old)
        nkeys = list(keys[1]) or [None] * len(new)
        for i, j in pairs:
            self.pairs.append((old_paths[i], new_paths[j]))
            texts = _text_changes(old[i], new[j])
            moved = (i, j) not in kept
            if texts or moved:
                kind: ChangeKind = "moved" if moved else "changed"
                self.add(
                    (order, j, 0),
                    ItemChange(
                        item=item,
                        kind=kind,
                        old=old_paths[i],
                        new=new_paths[j],
                        key=nkeys[j],
                        texts=texts,
                    ),
                )
        matched_old = {i for i, _ in pairs}
        matched_new = {j for _, j in pairs}
        for j, texts_new in enumerate(new):
            if j not in matched_new:
                self.add(
                    (order, j, 1),
                    ItemChange(
                        item=item,
                        kind="inserted",
                        old=None,
                        new=new_paths[j],
                        key=nkeys[j],
                        texts=_text_changes({}, texts_new),
                    ),
                )
        # A deletion stands after the new item that follows its old neighbour.
        for i, texts_old in enumerate(old):
            if i not in matched_old:
                after = max((j for oi, j in pairs if oi < i), default=-1)
                self.add(
                    (order, after, 2, i),
                    ItemChange(
                        item=item,
                        kind="deleted",
                        old=old_paths[i],
                        new=None,
                        key=okeys[i],
                        texts=_text_changes(texts_old, {}),
                    ),
                )
        return pairs


def _texts(clauses: Iterable[Clause], own: Language) -> list[Texts]:
    """The texts of recitals or provisions: each one's text (or competing wordings, field
    "text[uz]") and, when it is not agreed, where it stands."""
    out: list[Texts] = []
    for clause in clauses:
        texts: Texts = {}
        if clause.proposals:
            for proposal in clause.proposals:
                _local(proposal.text, own, f"text[{proposal.by}]", texts)
        else:
            _local(clause.text, own, "text", texts)
        proposer = clause.proposed_by if clause.standing == "proposed" else None
        _standing(clause.standing, proposer, texts)
        out.append(texts)
    return out


def _basis(plan: Plan) -> Texts:
    out: Texts = {}
    if plan.basis is not None:
        _local(plan.basis.title, plan.language, "title", out)
        _local(plan.basis.place, plan.language, "place", out)
        if plan.basis.date is not None:
            out["date", ""] = plan.basis.date.isoformat()
    return out


def _signing(plan: Plan) -> Texts:
    out: Texts = {}
    signing = plan.signing
    if signing is not None:
        _local(signing.place, plan.language, "place", out)
        if signing.date is not None:
            out["date", ""] = signing.date.isoformat()
        out["copies", ""] = str(signing.copies)
        out["authentic_languages", ""] = " ".join(
            lang.value for lang in signing.authentic_languages
        )
        if signing.prevailing_language is not None:
            out["prevailing_language", ""] = signing.prevailing_language.value
    return out


def _signatories(plan: Plan) -> Mapping[str, tuple[int, Texts]]:
    out: dict[str, tuple[int, Texts]] = {}
    for index, party in enumerate(plan.parties):
        texts: Texts = {}
        if party.signatory is not None:
            for attr in ("name", "rank", "title"):
                _local(getattr(party.signatory, attr), plan.language, attr, texts)
        out[party.id] = (index, texts)
    return out


def compare(old: Plan, new: Plan) -> Changes:
    """What changed from `old` to `new`, two versions of one plan, item by item."""
    run = _Compare(old, new)
    title_old: Texts = {}
    title_new: Texts = {}
    _local(old.title, old.language, "text", title_old)
    _local(new.title, new.language, "text", title_new)
    run.single("title", 0, "title", title_old, title_new)
    run.single("basis", 1, "basis", _basis(old), _basis(new))
    run.listed(
        "recital",
        2,
        _texts(old.preamble, old.language),
        _texts(new.preamble, new.language),
        (
            [f"preamble[{i}]" for i in range(len(old.preamble))],
            [f"preamble[{i}]" for i in range(len(new.preamble))],
        ),
        ([c.key for c in old.preamble], [c.key for c in new.preamble]),
    )

    def section_texts(plan: Plan) -> list[Texts]:
        out = []
        for section in plan.sections:
            texts: Texts = {}
            _local(section.area, plan.language, "area", texts)
            out.append(texts)
        return out

    def section_joined(plan: Plan) -> list[Texts]:
        # Matched on the area and its initiatives, so a renamed area holding the same
        # initiatives is one area changed; only the area's name is compared.
        out = []
        for section, texts in zip(plan.sections, section_texts(plan), strict=True):
            whole = dict(texts)
            for n, initiative in enumerate(section.initiatives):
                for (field, lang), text in _initiative(initiative, plan.language).items():
                    whole[f"{n}.{field}", lang] = text
            out.append(whole)
        return out

    sections_old, sections_new = section_texts(old), section_texts(new)
    run_sections = _Compare(old, new)
    joined_old, joined_new = section_joined(old), section_joined(new)
    run_sections.listed(
        "section",
        3,
        joined_old,
        joined_new,
        (
            [f"sections[{i}]" for i in range(len(old.sections))],
            [f"sections[{i}]" for i in range(len(new.sections))],
        ),
        ([s.key for s in old.sections], [s.key for s in new.sections]),
    )
    # Report the sections with only the area's own texts.
    for order, change in run_sections.changes:
        i = int(change.old[9:-1]) if change.old else None
        j = int(change.new[9:-1]) if change.new else None
        texts = _text_changes(
            sections_old[i] if i is not None else {}, sections_new[j] if j is not None else {}
        )
        if texts or change.kind != "changed":
            run.add(
                order,
                ItemChange(
                    item="section",
                    kind=change.kind,
                    old=change.old,
                    new=change.new,
                    key=change.key,
                    texts=texts,
                ),
            )
    run.pairs.extend(run_sections.pairs)

    def flat(plan: Plan) -> tuple[list[Texts], list[str], list[str | None]]:
        texts, paths, keys = [], [], []
        for s, section in enumerate(plan.sections):
            for i, initiative in enumerate(section.initiatives):
                texts.append(_initiative(initiative, plan.language))
                paths.append(f"sections[{s}].initiatives[{i}]")
                keys.append(initiative.key)
        return texts, paths, keys

    old_texts, old_paths, old_keys = flat(old)
    new_texts, new_paths, new_keys = flat(new)
    run.listed("initiative", 4, old_texts, new_texts, (old_paths, new_paths), (old_keys, new_keys))
    run.listed(
        "provision",
        5,
        _texts(old.final_provisions, old.language),
        _texts(new.final_provisions, new.language),
        (
            [f"final_provisions[{i}]" for i in range(len(old.final_provisions))],
            [f"final_provisions[{i}]" for i in range(len(new.final_provisions))],
        ),
        ([c.key for c in old.final_provisions], [c.key for c in new.final_provisions]),
    )
    run.single("signing", 6, "signing", _signing(old), _signing(new))
    signed_old, signed_new = _signatories(old), _signatories(new)
    for party_id in dict.fromkeys([*signed_new, *signed_old]):
        i, texts_old = signed_old.get(party_id, (-1, {}))
        j, texts_new = signed_new.get(party_id, (-1, {}))
        path_old = f"parties[{i}].signatory"
        path_new = f"parties[{j}].signatory"
        if texts_old and texts_new:
            run.pairs.append((path_old, path_new))
        texts = _text_changes(texts_old, texts_new)
        if not texts:
            continue
        kind: ChangeKind = (
            "changed" if texts_old and texts_new else ("inserted" if texts_new else "deleted")
        )
        run.add(
            (7, j if j >= 0 else i),
            ItemChange(
                item="signatory",
                kind=kind,
                old=path_old if texts_old else None,
                new=path_new if texts_new else None,
                key=party_id,
                texts=texts,
            ),
        )
    ordered = [change for _, change in sorted(run.changes, key=lambda pair: pair[0])]
    return Changes(id=new.id, changes=tuple(ordered), pairs=tuple(run.pairs))
