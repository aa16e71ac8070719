"""Compose a comparison: the new version of a plan with the changes from the old one marked.

Both versions are composed as they would be built (same languages, same original), then
the two block trees are aligned and every difference is marked on the new one: words
inserted or deleted inside a paragraph (`Run.change`), whole paragraphs, list items and
table rows inserted or deleted (`Para.change`, `Row.change`). The rows of the table of
initiatives and the clauses of a parallel text are aligned by the items `briefgen.compare`
matched (a reworded initiative is that row changed; an item that moved is deleted where it
stood and inserted where it stands); other paragraphs by content and place. Taking every
insertion and dropping every deletion gives the new document exactly; the reverse gives
the old one.

The summary of changes (`Document.summary`) counts the changed items and lists each one,
linked to where its first mark stands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal, TypeVar

import attrs

from briefgen.compare import Changes, Comparison, compare
from briefgen.compare.changes import ITEMS, KINDS, ItemChange
from briefgen.compare.match import in_place, match
from briefgen.compare.words import opcodes, tokens
from briefgen.compose.blocks import (
    Block,
    Change,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Para,
    Row,
    Run,
    Signature,
    SignatureBlock,
    Table,
)
from briefgen.compose.context import Context
from briefgen.kinds import KINDS as DOCUMENT_KINDS
from briefgen.model import Language, LocalText, Party, Plan, wordings

__all__ = ["DEFAULT_AUTHOR", "compose", "compose_redline"]

#: Whom the changes are attributed to when no author is given and no party is known to
#: have proposed them.
DEFAULT_AUTHOR = "briefgen"

T = TypeVar("T")
Mark = Literal["ins", "del"]


def compose(
    comparison: Comparison, languages: Sequence[Language] = (), original: str | None = None
) -> Document:
    """The composer of the redline kind (`briefgen.kinds`)."""
    return compose_redline(comparison, languages, original)


def compose_redline(
    comparison: Comparison, languages: Sequence[Language] = (), original: str | None = None
) -> Document:
    """The new version's Document with every change from the old one marked, and a summary."""
    old, new = comparison.old, comparison.new
    plan = DOCUMENT_KINDS["plan"]
    old_doc = plan.compose(old, languages, original)
    new_doc = plan.compose(new, languages, original)
    changes = compare(old, new)
    author = comparison.author or DEFAULT_AUTHOR
    lang = Language(new_doc.meta.language)
    ctx = Context(lang=lang, own=new.language, source=new.id, mark=False)
    parties: dict[str, tuple[int, Party]] = {p.id: (i, p) for i, p in enumerate(new.parties)}

    def author_of(party_id: str | None) -> str:
        # --author names everyone's changes; else the party proposing the item, by its
        # short name; else briefgen.
        if comparison.author is not None or party_id not in parties:
            return author
        index, party = parties[party_id]
        return ctx.short(party, f"parties[{index}]")

    ids = _change_ids(changes, old, new, author_of)
    differ = _Differ(author, new.date or old.date, changes, ids)
    blocks = differ.blocks(list(old_doc.blocks), list(new_doc.blocks))
    summary = _summary(changes, old, new, ctx, differ.anchored, new_doc.rtl)
    return attrs.evolve(new_doc, blocks=tuple(blocks), summary=tuple(summary))


# --- which texts name which change -----------------------------------------------------------


def _at(plan: Plan, path: str) -> tuple[LocalText, ...]:
    """The main texts of the item at `path` (an initiative's activity, a recital's text,
    each party's wording of a contested one)."""
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", path)]
    if path.startswith(("preamble", "final_provisions")):
        clauses = plan.preamble if path.startswith("preamble") else plan.final_provisions
        return tuple(text for _, text in clauses[numbers[0]].wordings)
    if path.startswith("sections") and "initiatives" in path:
        activity = plan.sections[numbers[0]].initiatives[numbers[1]].activity
        return tuple(text for _, text in wordings(activity))
    if path.startswith("sections"):
        return (plan.sections[numbers[0]].area,)
    if path.startswith("parties"):
        signatory = plan.parties[numbers[0]].signatory
        return (signatory.name,) if signatory is not None else ()
    if path == "title":
        return (plan.title,)
    if path == "basis" and plan.basis is not None:
        return (plan.basis.title,)
    return ()


def _proposer(plan: Plan, path: str | None) -> str | None:
    """The id of the party that proposes the item at `path`, when one does."""
    if path is None:
        return None
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", path)]
    if path.startswith(("preamble", "final_provisions")):
        clauses = plan.preamble if path.startswith("preamble") else plan.final_provisions
        clause = clauses[numbers[0]]
        return clause.proposed_by if clause.standing == "proposed" else None
    if path.startswith("sections") and "initiatives" in path:
        return plan.sections[numbers[0]].initiatives[numbers[1]].proposer
    return None


#: Each change's id, the texts whose paragraphs hold its marks, and its author.
ChangeIds = list[tuple[str, tuple[str, ...], str]]


def _change_ids(
    changes: Changes, old: Plan, new: Plan, author: Callable[[str | None], str]
) -> ChangeIds:
    """Each change's id, the texts (every language) whose paragraph holds its marks, and
    its author: `author` of the party proposing the item in the new version (None: none)."""
    out: ChangeIds = []
    for number, change in enumerate(changes.changes, start=1):
        texts: list[str] = []
        for plan, path in ((new, change.new), (old, change.old)):
            if path is not None:
                for value in _at(plan, path):
                    texts.extend(value.texts())
        texts.extend(t.new or t.old for t in change.texts)
        usable = tuple(dict.fromkeys(t for t in texts if len(t) >= 4))
        out.append((f"change-{number}", usable, author(_proposer(new, change.new))))
    return out


# --- aligning two block trees --------------------------------------------------------------


def _text_of(block: object) -> str:
    if isinstance(block, Para | Heading):
        return block.text
    if isinstance(block, ListBlock):
        return " ".join(item.para.text for item in block.items)
    if isinstance(block, Table):
        return " ".join(_row_text(row) for row in block.rows)
    if isinstance(block, SignatureBlock):
        return " ".join(_text_of(b) for b in block.intro) + " ".join(
            p.text for s in block.signatures for p in (*s.caption, *s.details)
        )
    return type(block).__name__


def _row_text(row: Row) -> str:
    return " ".join(p.text for cell in row.cells for p in cell.paras)


def _merge(
    old: Sequence[T],
    new: Sequence[T],
    text: Callable[[T], str],
    keys: tuple[Sequence[str | None], Sequence[str | None]] = ((), ()),
    same_kind: Callable[[T, T], bool] = lambda a, b: type(a) is type(b),
) -> Iterator[tuple[T | None, T | None]]:
    """The items of both lists in the new order, each as (old, new): paired when they are
    versions of one item in place, (old, None) for one deleted (where it stood), (None, new)
    for one inserted. Items that moved come out deleted and inserted."""
    pairs = match([text(o) for o in old], [text(n) for n in new], *keys)
    kept = sorted(p for p in in_place(pairs) if same_kind(old[p[0]], new[p[1]]))
    by_new = {j: i for i, j in kept}
    paired_old = {i for i, _ in kept}
    # Where the old items stand that the next pair at or after each new item follows.
    upto = [len(old)] * (len(new) + 1)
    for j in range(len(new) - 1, -1, -1):
        upto[j] = by_new.get(j, upto[j + 1])
    done = 0  # old items before this one have been given out
    for j, item in enumerate(new):
        # What was deleted stands before what was inserted in its place.
        for k in range(done, upto[j]):
            if k not in paired_old:
                yield old[k], None
        done = max(done, upto[j])
        i = by_new.get(j)
        if i is None:
            yield None, item
            continue
        done = i + 1
        yield old[i], item
    for k in range(done, len(old)):
        if k not in paired_old:
            yield old[k], None


def _row_keys(
    old: Sequence[Row], new: Sequence[Row], changes: Changes
) -> tuple[list[str | None], list[str | None]]:
    """Keys that make the rows of the items `compare` matched pair up, and no others: a row
    of an unmatched or moved item gets a key of its own that nothing shares."""
    moved = {c.old for c in changes.changes if c.kind == "moved"}
    to_new = {
        _ref(old_path): _ref(new_path)
        for old_path, new_path in changes.pairs
        if old_path not in moved
    }
    new_refs = {row.ref for row in new}
    paired_new = {ref for ref in to_new.values() if ref}
    old_keys: list[str | None] = []
    for row in old:
        target = to_new.get(row.ref)
        if not _item_ref(row.ref):
            old_keys.append(f"same:{row.ref}" if row.ref and row.ref in new_refs else None)
        elif target:
            old_keys.append(f"pair:{target}")
        else:
            old_keys.append(f"old:{row.ref}")
    new_keys: list[str | None] = []
    old_refs = {row.ref for row in old}
    for row in new:
        if not _item_ref(row.ref):
            new_keys.append(f"same:{row.ref}" if row.ref and row.ref in old_refs else None)
        elif row.ref in paired_new:
            new_keys.append(f"pair:{row.ref}")
        else:
            new_keys.append(f"new:{row.ref}")
    return old_keys, new_keys


_ITEM_REF = re.compile(r"(initiative|area|recital|provision) [\d.]+")


def _item_ref(ref: str) -> bool:
    return bool(_ITEM_REF.fullmatch(ref))


def _ref(path: str) -> str:
    """The row reference compose gives the item at a field path ("initiative 2.1")."""
    numbers = [int(n) + 1 for n in re.findall(r"\[(\d+)\]", path)]
    if path.startswith("sections") and "initiatives" in path:
        return f"initiative {numbers[0]}.{numbers[1]}"
    if path.startswith("sections"):
        return f"area {numbers[0]}"
    if path.startswith("preamble"):
        return f"recital {numbers[0]}"
    if path.startswith("final_provisions"):
        return f"provision {numbers[0]}"
    return ""


class _Differ:
    """Marks the differences between two block trees, the new tree's layout kept."""

    def __init__(
        self,
        author: str,
        date: dt.date | None,
        changes: Changes,
        ids: ChangeIds,
    ) -> None:
        self.author = author
        self.date = date
        self.changes = changes
        self.ids = ids
        #: The change ids given to a mark so far (each leads to its first mark).
        self.anchored: set[str] = set()

    def change(self, kind: Mark, anchor: str = "", author: str = "") -> Change:
        return Change(kind=kind, author=author or self.author, date=self.date, id=anchor)

    def author_for(self, *texts: str) -> str:
        """The author of the changes in a paragraph or row that says `texts`: that of the
        first change whose text it holds (its proposing party), else the default."""
        said = [_plain(text) for text in texts]
        for _, names, author in self.ids:
            if any(_plain(name) in text for name in names for text in said):
                return author
        return self.author

    def anchor_for(self, *texts: str) -> str:
        """The id of the first change not yet anchored whose text one of `texts` holds."""
        said = [_plain(text) for text in texts]
        for change_id, names, _ in self.ids:
            if change_id in self.anchored:
                continue
            if any(_plain(name) in text for name in names for text in said):
                self.anchored.add(change_id)
                return change_id
        return ""

    # runs and paragraphs

    def marked_runs(
        self, runs: Sequence[Run], kind: Mark, anchor: str = "", author: str = ""
    ) -> tuple[Run, ...]:
        out = []
        for run in runs:
            out.append(attrs.evolve(run, change=self.change(kind, anchor, author)))
            anchor = ""
        return tuple(out)

    def whole(self, para: Para, kind: Mark, author: str = "") -> Para:
        """A paragraph inserted or deleted whole."""
        anchor = self.anchor_for(para.text)
        author = author or self.author_for(para.text)
        return attrs.evolve(
            para,
            runs=self.marked_runs(para.runs, kind, anchor, author),
            change=self.change(kind, author=author),
        )

    def para(self, old: Para, new: Para, author: str = "") -> Para:
        """The new paragraph with the words that differ from the old one marked."""
        if old.runs == new.runs:
            return new
        texts = (old.text, new.text)
        return attrs.evolve(new, runs=self.runs(old.runs, new.runs, texts, author))

    def runs(
        self,
        old: Sequence[Run],
        new: Sequence[Run],
        texts: tuple[str, ...] = (),
        author: str = "",
    ) -> tuple[Run, ...]:
        a = [(token, run) for run in old for token in tokens(run.text)]
        b = [(token, run) for run in new for token in tokens(run.text)]

        def key(piece: tuple[str, Run]) -> tuple[str, bool, bool, bool]:
            token, run = piece
            return token, run.bold, run.italic, run.tag

        anchor = self.anchor_for(*texts) if texts else ""
        author = author or (self.author_for(*texts) if texts else "")
        pieces: list[tuple[str, Run, Change | None]] = []
        for tag, i1, i2, j1, j2 in opcodes([key(p) for p in a], [key(p) for p in b]):
            if tag == "equal":
                pieces.extend((token, run, None) for token, run in b[j1:j2])
                continue
            for kind, stretch in (("del", a[i1:i2]), ("ins", b[j1:j2])):
                for token, run in stretch:
                    mark = self.change(kind, anchor, author)  # type: ignore[arg-type]
                    pieces.append((token, run, mark))
                    anchor = ""
        merged: list[Run] = []
        for token, run, change in pieces:
            last = merged[-1] if merged else None
            if (
                last is not None
                and (last.bold, last.italic, last.tag, last.link)
                == (run.bold, run.italic, run.tag, run.link)
                and _same_mark(last.change, change)
            ):
                merged[-1] = attrs.evolve(last, text=last.text + token)
            else:
                merged.append(attrs.evolve(run, text=token, change=change))
        return tuple(merged)

    def paras(self, old: Sequence[Para], new: Sequence[Para], author: str = "") -> tuple[Para, ...]:
        out: list[Para] = []
        for before, after in _merge(old, new, lambda p: p.text):
            if before is not None and after is not None:
                out.append(self.para(before, after, author))
            elif after is not None:
                out.append(self.whole(after, "ins", author))
            elif before is not None:
                out.append(self.whole(before, "del", author))
        return tuple(out)

    # blocks

    def blocks(self, old: list[Block], new: list[Block]) -> list[Block]:
        out: list[Block] = []
        for before, after in _merge(old, new, _text_of, same_kind=_same_kind):
            if before is not None and after is not None:
                try:
                    out.append(self.block(before, after))
                except _UnlikeError:
                    out += [self.mark_block(before, "del"), self.mark_block(after, "ins")]
            elif after is not None:
                out.append(self.mark_block(after, "ins"))
            elif before is not None:
                out.append(self.mark_block(before, "del"))
        return out

    def block(self, old: Block, new: Block) -> Block:
        if isinstance(old, Para) and isinstance(new, Para):
            return self.para(old, new)
        if isinstance(old, ListBlock) and isinstance(new, ListBlock):
            return ListBlock(items=self.items(old.items, new.items))
        if isinstance(old, Table) and isinstance(new, Table):
            return self.table(old, new)
        if isinstance(old, SignatureBlock) and isinstance(new, SignatureBlock):
            return self.signatures(old, new)
        if isinstance(old, Heading) and isinstance(new, Heading) and old.text != new.text:
            # A heading is one Word paragraph: a changed one is marked as its words.
            raise _UnlikeError
        return new

    def mark_block(self, block: Block, kind: Mark) -> Block:
        if isinstance(block, Para):
            return self.whole(block, kind)
        if isinstance(block, Heading):
            return attrs.evolve(block, change=self.change(kind, self.anchor_for(block.text)))
        if isinstance(block, ListBlock):
            return ListBlock(items=tuple(self.mark_item(item, kind) for item in block.items))
        if isinstance(block, Table):
            return attrs.evolve(block, rows=tuple(self.mark_row(row, kind) for row in block.rows))
        if isinstance(block, SignatureBlock):
            intro = tuple(self.mark_block(b, kind) for b in block.intro)
            signatures = tuple(
                Signature(
                    caption=tuple(self.whole(p, kind) for p in s.caption),
                    details=tuple(self.whole(p, kind) for p in s.details),
                    image=s.image,
                )
                for s in block.signatures
            )
            return attrs.evolve(block, intro=intro, signatures=signatures)  # type: ignore[arg-type]
        return block  # a picture or a page break: no text to mark

    # lists

    def mark_item(self, item: ListItem, kind: Mark) -> ListItem:
        label = (Run(text=item.label, change=self.change(kind)),)
        return attrs.evolve(item, para=self.whole(item.para, kind), label_runs=label)

    def items(self, old: Sequence[ListItem], new: Sequence[ListItem]) -> tuple[ListItem, ...]:
        out: list[ListItem] = []
        for before, after in _merge(old, new, lambda item: item.para.text):
            if before is not None and after is not None:
                item = attrs.evolve(after, para=self.para(before.para, after.para))
                if before.label != after.label:
                    label = self.runs((Run(text=before.label),), (Run(text=after.label),))
                    item = attrs.evolve(item, label_runs=label)
                out.append(item)
            elif after is not None:
                out.append(self.mark_item(after, "ins"))
            elif before is not None:
                out.append(self.mark_item(before, "del"))
        return tuple(out)

    # tables

    def mark_row(self, row: Row, kind: Mark) -> Row:
        anchor = self.anchor_for(_row_text(row)) if row.kind != "header" else ""
        author = self.author_for(_row_text(row)) if row.kind != "header" else ""
        cells = []
        for cell in row.cells:
            paras = []
            for para in cell.paras:
                paras.append(
                    attrs.evolve(
                        para,
                        runs=self.marked_runs(para.runs, kind, anchor, author),
                        change=self.change(kind, author=author),
                    )
                )
                anchor = ""
            cells.append(attrs.evolve(cell, paras=tuple(paras)))
        return attrs.evolve(row, cells=tuple(cells), change=self.change(kind, author=author))

    def row(self, old: Row, new: Row) -> Row:
        if len(old.cells) != len(new.cells):
            raise _UnlikeError
        cells = []
        author = self.author_for(_row_text(old), _row_text(new))
        for before, after in zip(old.cells, new.cells, strict=True):
            if (before.colspan, before.rowspan) != (after.colspan, after.rowspan):
                raise _UnlikeError
            paras = self.paras(before.paras, after.paras, author)
            cells.append(attrs.evolve(after, paras=paras))
        return attrs.evolve(new, cells=tuple(cells))

    def table(self, old: Table, new: Table) -> Table:
        if len(old.columns) != len(new.columns) or old.style != new.style:
            raise _UnlikeError
        rows: list[tuple[bool, bool, Row]] = []  # (from old, from new, row)
        keys = _row_keys(old.rows, new.rows, self.changes)
        for before, after in _merge(old.rows, new.rows, _row_text, keys, _same_row_kind):
            if before is not None and after is not None:
                try:
                    rows.append((True, True, self.row(before, after)))
                except _UnlikeError:
                    rows.append((True, False, self.mark_row(before, "del")))
                    rows.append((False, True, self.mark_row(after, "ins")))
            elif after is not None:
                rows.append((False, True, self.mark_row(after, "ins")))
            elif before is not None:
                rows.append((True, False, self.mark_row(before, "del")))
        return attrs.evolve(new, rows=_respan(rows))

    # signatures

    def signatures(self, old: SignatureBlock, new: SignatureBlock) -> SignatureBlock:
        intro = tuple(self.blocks(list(old.intro), list(new.intro)))
        if len(old.signatures) != len(new.signatures):
            raise _UnlikeError
        signatures = tuple(
            attrs.evolve(
                after,
                caption=self.paras(before.caption, after.caption),
                details=self.paras(before.details, after.details),
            )
            for before, after in zip(old.signatures, new.signatures, strict=True)
        )
        return attrs.evolve(new, intro=intro, signatures=signatures)  # type: ignore[arg-type]


def _plain(text: str) -> str:
    """A text for finding another in it: spaces of any kind as one, capitals as small."""
    return " ".join(text.split()).casefold()


class _UnlikeError(Exception):
    """Two versions of a block too unlike to mark word by word: the old one is deleted and
    the new one inserted."""


def _respan(rows: list[tuple[bool, bool, Row]]) -> tuple[Row, ...]:
    """The rows with each cell spanning rows (an area over its initiatives) stretched over
    the rows of the other version that now stand inside it, so the cell still covers its
    own rows: accepting or rejecting every change leaves it spanning exactly those.

    Raises _UnlikeError when a row of the other version inside the span has a cell of its
    own there (the tables are then too unlike to merge row by row).
    """
    out = [row for _, _, row in rows]
    for start, (_, from_new, row) in enumerate(rows):
        cells = list(row.cells)
        for column, cell in enumerate(row.cells):
            if cell.rowspan <= 1:
                continue
            # A row from the new version (or both) spans new rows, a deleted one old rows.
            new_side = from_new
            need, end = cell.rowspan - 1, start
            while need > 0:
                end += 1
                if end >= len(rows):
                    raise _UnlikeError
                other_old, other_new, other = rows[end]
                if other_new if new_side else other_old:
                    need -= 1
                    continue
                there = other.cells[column] if column < len(other.cells) else None
                if there is None or there.paras or there.rowspan > 1 or there.image:
                    raise _UnlikeError
            if end - start + 1 != cell.rowspan:
                cells[column] = attrs.evolve(cell, rowspan=end - start + 1)
        out[start] = attrs.evolve(row, cells=tuple(cells))
    return tuple(out)


def _same_kind(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Table) and isinstance(b, Table):
        return a.style == b.style and a.name == b.name and len(a.columns) == len(b.columns)
    return True


def _same_row_kind(a: Row, b: Row) -> bool:
    return a.kind == b.kind and len(a.cells) == len(b.cells)


def _same_mark(a: Change | None, b: Change | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.kind == b.kind and (not b.id or a.id == b.id)


# --- the summary ----------------------------------------------------------------------------


def _what(change: ItemChange, ctx: Context) -> str:
    """How the summary names a changed item ("initiative 1.2", "provision 3", "title")."""
    path = change.new if change.new is not None else change.old or ""
    numbers = [int(n) + 1 for n in re.findall(r"\[(\d+)\]", path)]
    noun = ctx.label("redline", change.item)
    if change.item == "initiative":
        number = f"{numbers[0]}.{numbers[1]}"
    elif change.item in ("recital", "provision", "section"):
        number = str(numbers[0])
    elif change.item == "signatory" and change.key:
        number = f"({change.key.upper()})"
    else:
        number = ""
    what = ctx.label("redline", "numbered", item=noun, number=number) if number else noun
    return ctx.upper(what[:1]) + what[1:]


def _fields(change: ItemChange, ctx: Context) -> str:
    """The columns of a changed initiative whose text changed ("Timeframe, Activity")."""
    if change.item != "initiative":
        return ""
    names = dict.fromkeys(re.split(r"[.\[]", text.field)[0] for text in change.texts)
    columns = ("activity", "timeframe", "venue", "responsible", "outcome")
    labels = [ctx.label("plan", f"col_{name}") for name in names if name in columns]
    return ctx.label("document", "list_comma").join(labels)


def _version(plan: Plan, ctx: Context) -> str:
    parts = [plan.version or ""]
    if plan.date is not None:
        parts.append(f"({ctx.date(plan.date)})")
    return " ".join(p for p in parts if p) or "…"


def counts_sentence(changes: Changes, ctx: Context) -> str:
    """ "3 initiatives changed, 1 added, 1 removed; 2 provisions changed" in `ctx`'s language."""
    groups: list[str] = []
    tally = changes.counts()
    for item in ITEMS:
        kinds = tally.get(item)
        if not kinds:
            continue
        parts: list[str] = []
        for kind in KINDS:
            count = kinds.get(kind, 0)
            if not count:
                continue
            word = ctx.label("redline", kind)
            if not parts:
                noun = ctx.label("redline", item if count == 1 else f"{item}_plural")
                parts.append(ctx.label("redline", "first", count=str(count), item=noun, kind=word))
            else:
                parts.append(ctx.label("redline", "more", count=str(count), kind=word))
        groups.append(ctx.label("redline", "count_separator").join(parts))
    sentence = ctx.label("redline", "group_separator").join(groups)
    return ctx.label("redline", "summary", counts=ctx.upper(sentence[:1]) + sentence[1:])


def _summary(
    changes: Changes, old: Plan, new: Plan, ctx: Context, anchored: set[str], rtl: bool
) -> list[Block]:
    blocks: list[Block] = [
        Heading(text=ctx.label("redline", "heading"), level=1, rtl=rtl, lang=ctx.code),
        ctx.para(
            ctx.label("redline", "compared", new=_version(new, ctx), old=_version(old, ctx)),
            "meta",
        ),
    ]
    if not changes:
        blocks.append(ctx.para(ctx.label("redline", "none"), "body"))
        return blocks
    blocks.append(ctx.para(counts_sentence(changes, ctx), "body"))
    items: list[ListItem] = []
    for number, change in enumerate(changes.changes, start=1):
        kind = ctx.label("redline", change.kind)
        fields = _fields(change, ctx)
        if fields and change.kind in ("changed", "moved"):
            text = ctx.label(
                "redline", "entry_fields", what=_what(change, ctx), kind=kind, fields=fields
            )
        else:
            text = ctx.label("redline", "entry", what=_what(change, ctx), kind=kind)
        change_id = f"change-{number}"
        link = change_id if change_id in anchored else ""
        para = ctx.para(text, "list")
        para = attrs.evolve(para, runs=tuple(attrs.evolve(r, link=link) for r in para.runs))
        items.append(ListItem(label="•", para=para))
    blocks.append(ListBlock(items=tuple(items)))
    return blocks
