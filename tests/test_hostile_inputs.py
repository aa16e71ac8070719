"""Hostile record files: each loads or is a clear InputError, in bounded time and memory.

Covered in tests/load/ and not repeated here: `!!python/object` (refused at its line),
a nine-level alias bomb (under a second), a latin-1 file, a PNG named .yaml, a UTF-8 BOM
with CRLF line ends in YAML (loads, lines kept), an empty file, a missing file.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefgen.errors import InputError, Problem
from briefgen.load import MAX_BYTES, load
from briefgen.model import Plan
from tests.records import MINIMAL_PLAN as PLAN

PLAN_JSON = """\
{
  "kind": "plan",
  "id": "p",
  "title": "Plan",
  "parties": [
    {"id": "a", "state": "A", "organisation": "Ministry A"},
    {"id": "b", "state": "B", "organisation": "Ministry B"}
  ],
  "sections": [{"area": "Training", "initiatives": [{"activity": "Joint exercise"}]}]
}
"""

PLAN_TOML = """\
kind = "plan"
id = "p"
title = "Plan"

[[parties]]
id = "a"
state = "A"
organisation = "Ministry A"

[[parties]]
id = "b"
state = "B"
organisation = "Ministry B"

[[sections]]
area = "Training"
initiatives = [{activity = "Joint exercise"}]
"""


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load_problems(path: Path) -> list[Problem]:
    """The problems loading `path` reports (it must fail with an InputError)."""
    with pytest.raises(InputError) as info:
        load(path)
    return list(info.value.problems)


def problems_of(path: Path) -> list[str]:
    """The problem lines loading `path` reports (it must fail with an InputError)."""
    return [str(p) for p in load_problems(path)]


#: How much slower than its stated bound a case may run before it counts as unbounded. The
#: bound catches a hang or a blow-up (minutes, or never), not a slowdown: tests share noisy
#: machines, and speed is measured by bench/run.py, never asserted.
SLACK = 10


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[None]:
    """Fail unless the block ends within `seconds` (times SLACK: a hang, not a slowdown) and
    allocates at most `megabytes` at peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    assert elapsed < seconds * SLACK, f"took {elapsed:.1f} s"
    assert peak < megabytes, f"peaked at {peak:.0f} MB"


# ---------------------------------------------------------------------------------------------
# YAML tags.


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!!python/object/new:os.system ['echo hi']", "!!python/object/new:os.system"),
        ("!!python/module:os", "!!python/module:os"),
        ("!!python/tuple [a, b]", "!!python/tuple"),
        ("!custom x", "!custom"),
        ("!<tag:example.com,2000:x> y", "tag:example.com,2000:x"),
    ],
)
def test_python_and_unknown_tags_are_refused(tmp_path: Path, value: str, tag: str) -> None:
    """Any tag that would construct more than plain data is refused at its line and column."""
    path = write(tmp_path / "plan.yaml", PLAN.replace("title: Plan", f"title: {value}"))
    assert problems_of(path) == [
        f"{path}:3: invalid YAML: tag {tag} is not allowed; only plain data is read (column 8)"
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!!omap [a: 1]", "!!omap")],
)
def test_tags_beyond_plain_data_are_refused_at_their_line(
    tmp_path: Path, value: str, tag: str
) -> None:
    """Safe YAML tags that build no plain data (bytes, sets, ordered maps) are refused where
    they stand: a record holds only texts, numbers, dates, lists and mappings."""
    path = write(tmp_path / "plan.yaml", PLAN.replace("title: Plan", f"title: {value}"))
    (line,) = problems_of(path)
    assert (
        line
        == f"{path}:3: invalid YAML: tag {tag} is not allowed; only plain data is read (column 8)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "'abc' is not a valid !!int"),
        ("!!float x", "'x' is not a valid !!float"),
        ("&a [1, *a]", "an alias refers to a list or mapping that holds it"),
        ("{[a]: 1}", "a list or mapping cannot be a key"),
    ],
)
def test_values_no_plain_data_can_hold_are_refused_at_their_line(
    tmp_path: Path, value: str, message: str
) -> None:
    """An explicit tag on a value it does not fit, an alias inside its own anchor, or a list
    as a key is an error at its line, never a Python exception."""
    path = write(tmp_path / "plan.yaml", PLAN.replace("title: Plan", f"title: {value}"))
    (line,) = problems_of(path)
    assert line.startswith(f"{path}:3: invalid YAML: {message}"), line


# ---------------------------------------------------------------------------------------------
# Alias bombs.


def _bomb(levels: int, width: int) -> str:
    lines = ["kind: plan", "a: &a [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        previous, name = f"n{level - 1}" if level > 1 else "a", f"n{level}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_a_huge_alias_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """Ten to the fifteenth values by aliases are refused in well under 5 s and 100 MB."""
    path = write(tmp_path / "bomb.yaml", _bomb(levels=15, width=10))
    with bounded(seconds=5, megabytes=100):
        (line,) = problems_of(path)
    assert line == (
        f"{path}: aliases (*name) repeat more than 200000 values once expanded (an alias bomb?); "
        "refused"
    )


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    """A list that contains itself cannot be read as data; it is refused, not looped over."""
    path = write(tmp_path / "plan.yaml", PLAN + "x: &x [*x]\n")
    with bounded(seconds=5, megabytes=50):
        (line,) = problems_of(path)
    assert "aliases are expanded" in line or "recursive" in line


def test_modest_aliases_still_load(tmp_path: Path) -> None:
    """Anchors and aliases used as intended (one party reused) are fine."""
    text = PLAN.replace("  - {id: a,", "  - &first {id: a,").replace(
        "- area: Training", "- area: T"
    )
    assert isinstance(load(write(tmp_path / "plan.yaml", text)), Plan)


# ---------------------------------------------------------------------------------------------
# Deep nesting.

DEEP = 10_000
TOO_DEEP = "nested too deeply (lists or mappings inside each other hundreds of levels deep)"


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [
        ("lists.yaml", "kind: plan\nx: " + "[" * DEEP + "]" * DEEP + "\n", {2}),
        ("maps.yaml", "kind: plan\nx: " + "{a: " * DEEP + "}" * DEEP + "\n", {2}),
        # The line of a `-` deeper than our limit (200) or the parser's own (libyaml 0.2.6: 1,000).
        (
            "block.yaml",
            "kind: plan\nx:\n" + "".join("  " * i + "-\n" for i in range(3000)),
            set(range(200, 1100)),
        ),
        # Each half nests 150 levels; the alias on line 3 puts the first inside the second.
        (
            "alias.yaml",
            "kind: plan\nx: &a "
            + "[" * 150
            + "]" * 150
            + "\ny: "
            + "[" * 150
            + "*a"
            + "]" * 150
            + "\n",
            {3},
        ),
        # json and tomllib keep no positions for their own depth limits.
        ("lists.json", '{"kind": "plan", "x": ' + "[" * DEEP + "]" * DEEP + "}", {None}),
        ("maps.json", '{"kind": "plan", "x": ' + '{"a": ' * DEEP + "}" * DEEP + "}", {None}),
        ("lists.toml", 'kind = "plan"\nx = ' + "[" * DEEP + "]" * DEEP + "\n", {None}),
        ("maps.toml", 'kind = "plan"\nx = ' + "{a = " * DEEP + "}" * DEEP + "\n", {None}),
    ],
)
def test_deep_nesting_is_a_clear_error(
    tmp_path: Path, name: str, text: str, lines: set[int | None]
) -> None:
    """10,000 levels of [ or { in any format, or 300 levels once a YAML alias is expanded, are
    refused as nested too deeply (in YAML at the line that goes too deep, whichever of our limit
    or the YAML parser's own is met first, see tests/load/test_yaml.py), never a
    RecursionError."""
    path = write(tmp_path / name, text)
    with bounded(seconds=5, megabytes=200):
        (problem,) = load_problems(path)
    assert (problem.source, problem.path, problem.message) == (str(path), "", TOO_DEEP)
    assert problem.line in lines


# ---------------------------------------------------------------------------------------------
# Size, bytes and encodings.


def test_a_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    """A file over the 20 MB limit is refused without being parsed, in bounded memory."""
    path = tmp_path / "big.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as handle:
        handle.write(PLAN.encode())
        for _ in range(50 * 1024):
            handle.write(line)
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_BYTES
    with bounded(seconds=5, megabytes=2.5 * MAX_BYTES / 1e6):
        assert problems_of(path) == [f"{path}: larger than 20 MB; not a record"]


def test_a_zip_named_yaml_is_refused_as_binary(tmp_path: Path) -> None:
    """A Word file renamed to .yaml is reported as binary, not as a parse error."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    path = write(tmp_path / "plan.yaml", buffer.getvalue())
    assert problems_of(path) == [f"{path}: binary file, not a text record"]


def test_random_high_bytes_are_not_utf8(tmp_path: Path) -> None:
    """Bytes that are no text and hold no NUL are reported as not UTF-8 at their line."""
    path = write(tmp_path / "plan.yaml", b"kind: plan\n" + bytes(range(0x80, 0x100)))
    assert problems_of(path) == [f"{path}:2: not UTF-8 (byte 0x80); save the file as UTF-8"]


def test_a_cp1251_file_is_reported_at_its_first_bad_line(tmp_path: Path) -> None:
    """A Cyrillic file saved in Windows-1251 names the line and asks for UTF-8."""
    text = PLAN.replace("area: Training", "area: Обучение")
    path = write(tmp_path / "plan.yaml", text.encode("cp1251"))
    assert problems_of(path) == [f"{path}:8: not UTF-8 (byte 0xce); save the file as UTF-8"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_asks_for_utf8(tmp_path: Path, encoding: str) -> None:
    """A file saved as UTF-16 ("Unicode" in Notepad) is named as such, not as binary."""
    data = PLAN.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = write(tmp_path / "plan.yaml", data)
    assert problems_of(path) == [
        f'{path}:1: UTF-16 text (Notepad\'s "Unicode"); save the file as UTF-8'
    ]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\ufffe"])
def test_a_control_character_in_yaml_is_located(tmp_path: Path, char: str) -> None:
    """A character YAML forbids (after the first 8 KB, so not taken for binary) has its line."""
    text = PLAN + "#" * 9000 + "\n" + f"reference: a{char}b\n"
    path = write(tmp_path / "plan.yaml", text)
    code = f"U+{ord(char):04X}"
    assert problems_of(path) == [
        f"{path}:12: invalid YAML: character {code} is not allowed (column 13); remove it"
    ]


def test_a_nul_in_json_text_is_located(tmp_path: Path) -> None:
    """A raw NUL inside a JSON string (after the first 8 KB) is a located JSON error."""
    text = PLAN_JSON.replace('"Plan"', '"Plan",' + " " * 9000 + '"reference": "a\x00b"')
    path = write(tmp_path / "plan.json", text)
    assert problems_of(path) == [
        f"{path}:4: invalid JSON: Invalid control character at (column 9034)"
    ]


@pytest.mark.parametrize(
    ("name", "text"), [("plan.yaml", PLAN), ("plan.json", PLAN_JSON), ("plan.toml", PLAN_TOML)]
)
@pytest.mark.parametrize("ends", ["\r\n", "\r"])
def test_bom_and_windows_or_old_mac_line_ends_load(
    tmp_path: Path, name: str, text: str, ends: str
) -> None:
    """A UTF-8 BOM with CRLF line ends loads in every format (CR alone: YAML and JSON)."""
    data = b"\xef\xbb\xbf" + text.replace("\n", ends).encode("utf-8")
    path = write(tmp_path / name, data)
    if ends == "\r" and name.endswith(".toml"):
        (line,) = problems_of(path)  # TOML allows only LF and CRLF
        assert line.startswith(f"{path}:1: invalid TOML: ")
        return
    assert load(path) == load(write(tmp_path / f"plain-{name}", text))


def test_a_folder_named_like_a_record_is_reported(tmp_path: Path) -> None:
    """A folder called plan.yaml given as a file is a clear error, not a traceback."""
    (tmp_path / "plan.yaml").mkdir()
    assert problems_of(tmp_path / "plan.yaml") == [
        f"{tmp_path / 'plan.yaml'}: cannot read: Is a directory"
    ]


@pytest.mark.parametrize("kind", ["[plan]", "{plan: 1}", "7", "null"])
def test_a_kind_that_is_not_text_is_a_located_error(tmp_path: Path, kind: str) -> None:
    """`kind: [plan]` (found by the fuzz suite: a TypeError before) is an error at its line."""
    path = write(tmp_path / "plan.yaml", PLAN.replace("kind: plan", f"kind: {kind}"))
    (line,) = problems_of(path)
    assert line.startswith(f"{path}:1: kind: must be one of brief, plan; got ")


def test_keys_yaml_reads_as_dates_nulls_or_numbers_are_unknown_fields(tmp_path: Path) -> None:
    """A top-level key YAML reads as a date, null or number is an unknown field named by its
    text, never a crash of the message formatter."""
    record = tmp_path / "k.yaml"
    record.write_text("kind: plan\n2025-01-01: x\n~: y\n1.5: z\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(record)
    messages = {(p.path, p.message.split(" (allowed")[0]) for p in caught.value.problems}
    assert ("2025-01-01", "unknown field (read as date 2025-01-01)") in messages
    assert ("1.5", "unknown field (read as number 1.5)") in messages
    assert any(path == "null" for path, _ in messages)


# ---------------------------------------------------------------------------------------------
# Bounded work: the record limits (issue 19, cause 8).


def big_plan(initiatives: int, sections: int = 1, words: int = 0) -> str:
    """The minimal plan with `sections` sections of `initiatives` initiatives each."""
    lines = [*PLAN.split("sections:")[0].splitlines(), "sections:"]
    for section in range(sections):
        lines += [f"  - area: Area {section}", "    initiatives:"]
        lines += [f"      - activity: Step {i}{' word' * words}" for i in range(initiatives)]
    return "\n".join(lines) + "\n"


def test_twenty_thousand_plain_initiatives_are_no_alias_bomb(tmp_path: Path) -> None:
    """20,000 initiatives written out are refused by the list limit, quickly, at the list."""
    from briefgen.load.limits import MAX_LIST_ITEMS

    path = write(tmp_path / "big.yaml", big_plan(20_000))
    with bounded(seconds=5, megabytes=300):
        problems = load_problems(path)
    (problem,) = problems
    assert "alias" not in problem.message
    assert problem.path == "sections[0].initiatives" and problem.line == 9
    assert f"20,000 entries; a list may have at most {MAX_LIST_ITEMS:,}" in problem.message


def test_many_written_values_without_aliases_parse(tmp_path: Path) -> None:
    """Over 200,000 plain values (no alias) are read: only aliases count against the bomb cap."""
    from briefgen.load.parse import parse

    rows = "\n".join(f"  - [a, b, c, d, e, f, g, h, i, j, {i}]" for i in range(20_000))
    path = write(tmp_path / "many.yaml", "kind: plan\nrows:\n" + rows + "\n")
    data = parse(path, "many.yaml").data
    assert len(data["rows"]) == 20_000


def test_a_plan_at_the_list_limit_loads(tmp_path: Path) -> None:
    """A section of exactly MAX_LIST_ITEMS initiatives is fine."""
    from briefgen.load.limits import MAX_LIST_ITEMS

    plan = load(write(tmp_path / "p.yaml", big_plan(MAX_LIST_ITEMS)))
    assert isinstance(plan, Plan)
    assert len(plan.sections[0].initiatives) == MAX_LIST_ITEMS


def test_the_whole_record_row_limit_is_refused_at_the_crossing_list(tmp_path: Path) -> None:
    """Sections that each pass but together exceed MAX_RECORD_ITEMS fail at the list that crosses."""
    from briefgen.load.limits import MAX_RECORD_ITEMS

    (problem,) = load_problems(write(tmp_path / "p.yaml", big_plan(900, sections=3)))
    assert problem.path == "sections[2].initiatives"
    assert f"{MAX_RECORD_ITEMS:,} list entries" in problem.message


def test_a_long_text_is_refused_at_its_field(tmp_path: Path) -> None:
    """A 500 KB paragraph is refused at once, at its field and line, saying the limit."""
    from briefgen.load.limits import MAX_TEXT_CHARS

    text = PLAN.replace("activity: Joint exercise", "activity: " + "word " * 100_000)
    with bounded(seconds=2, megabytes=100):
        (problem,) = load_problems(write(tmp_path / "p.yaml", text))
    assert problem.path == "sections[0].initiatives[0].activity" and problem.line == 10
    assert f"a text may have at most {MAX_TEXT_CHARS:,}" in problem.message


def test_a_long_text_in_one_language_is_refused_at_that_language(tmp_path: Path) -> None:
    """Each language of a text counts on its own; the path names the language."""
    text = PLAN.replace("title: Plan", "title:\n  en: Plan\n  az: " + "x" * 30_000)
    (problem,) = load_problems(write(tmp_path / "p.yaml", text))
    assert problem.path == "title.az"


def test_the_whole_record_text_limit(tmp_path: Path) -> None:
    """Many texts under the per-text limit still meet the record's character limit."""
    from briefgen.load.limits import MAX_RECORD_CHARS

    path = write(tmp_path / "p.yaml", big_plan(500, words=3_000 // 5))
    with bounded(seconds=5, megabytes=200):
        (problem,) = load_problems(path)
    assert f"passes {MAX_RECORD_CHARS:,} characters" in problem.message
    assert problem.path.startswith("sections[0].initiatives[")


def test_limits_hold_in_json_and_toml(tmp_path: Path) -> None:
    """JSON and TOML records meet the same limits."""
    long = "y" * 25_000
    json_text = PLAN_JSON.replace('"title": "Plan"', f'"title": "{long}"')
    toml_text = PLAN_TOML.replace('title = "Plan"', f'title = "{long}"')
    for path in (write(tmp_path / "p.json", json_text), write(tmp_path / "p.toml", toml_text)):
        (problem,) = load_problems(path)
        assert problem.path == "title" and problem.line == (4 if path.suffix == ".json" else 3)


def test_a_linked_file_counts_against_the_linking_record(tmp_path: Path) -> None:
    """A brief's linked plan is printed with it, so its rows count for the brief too."""
    from briefgen.load.limits import MAX_RECORD_ITEMS
    from tests.records import MINIMAL_BRIEF

    write(tmp_path / "plan.yaml", big_plan(700, sections=2))
    assert isinstance(load(tmp_path / "plan.yaml"), Plan)
    items = "\n".join(f"  - Item {i}" for i in range(700))
    brief = MINIMAL_BRIEF + f"deliverables:\n  - plan: plan.yaml\nagenda:\n{items}\n"
    problems = load_problems(write(tmp_path / "brief.yaml", brief))
    assert any(f"{MAX_RECORD_ITEMS:,} list entries" in p.message for p in problems)


# ---------------------------------------------------------------------------------------------
# Direction-changing characters (issue 19, cause 6).


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_bidi_embeddings_and_overrides_are_refused_at_the_field(tmp_path: Path, char: str) -> None:
    """A party named with an override is refused at the field, naming the character."""
    import unicodedata

    text = PLAN.replace("state: A,", f'state: "Republic of {char}NAJIABREZA\u202c",')
    (problem,) = load_problems(write(tmp_path / "p.yaml", text))
    assert problem.path == "parties[0].state" and problem.line == 5
    assert f"U+{ord(char):04X} {unicodedata.name(char)}" in problem.message
    assert "reorders" in problem.message


def test_every_override_is_reported_once_per_field(tmp_path: Path) -> None:
    """Two fields with overrides: two problems, in line order; a JSON key with one too."""
    text = PLAN.replace("state: A,", 'state: "\u202eA",').replace("state: B,", 'state: "\u202dB",')
    problems = load_problems(write(tmp_path / "p.yaml", text))
    assert [p.path for p in problems] == ["parties[0].state", "parties[1].state"]
    keyed = PLAN_JSON.replace('"title": "Plan"', '"title": "Plan", "x\u202e": 1')
    (problem,) = load_problems(write(tmp_path / "p.json", keyed))
    assert problem.message.startswith("the key contains U+202E")


def test_isolates_and_marks_are_accepted(tmp_path: Path) -> None:
    """Isolates, LRM/RLM and U+061C are legitimate in a record and load as written."""
    state = "Republic of \u2067\u0623\u0630\u0631\u0628\u064a\u062c\u0627\u0646\u2069 \u200f\u061c"
    text = PLAN.replace("state: A,", f'state: "{state}",')
    plan = load(write(tmp_path / "p.yaml", text))
    assert isinstance(plan, Plan)
    assert plan.parties[0].state.any() == state


def test_an_override_in_a_linked_file_is_reported_there(tmp_path: Path) -> None:
    """An override in the plan a brief links is reported at the plan's line."""
    from tests.records import MINIMAL_BRIEF

    write(tmp_path / "plan.yaml", PLAN.replace("state: A,", 'state: "\u202eA",'))
    brief = write(tmp_path / "brief.yaml", MINIMAL_BRIEF + "parties: plan.yaml\n")
    problems = load_problems(brief)
    assert any(p.source.endswith("plan.yaml") and p.path == "parties[0].state" for p in problems)


# ---------------------------------------------------------------------------------------------
# One folder, one good record per hostile one: every good record builds, every hostile one is
# reported on its own, and nothing outside the output folder is touched.


def test_a_folder_of_hostile_records_builds_every_good_one(tmp_path: Path) -> None:
    """Good records build; each hostile record fails alone, with a located problem."""
    import struct
    import zlib

    from briefgen import build

    root = tmp_path / "inputs"
    root.mkdir()

    def good(name: str) -> None:
        write(root / f"{name}.yaml", PLAN.replace("id: p", f"id: {name}"))

    def tiny_png_claiming(width: int, height: int) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            crc = struct.pack(">I", zlib.crc32(kind + data))
            return struct.pack(">I", len(data)) + kind + data + crc

        header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        body = chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + body

    hostile = {
        "bidi.yaml": PLAN.replace("id: p", "id: bidi").replace("state: A,", 'state: "\u202eA",'),
        "long.yaml": PLAN.replace("id: p", "id: long").replace(
            "activity: Joint exercise", "activity: " + "x" * 30_000
        ),
        "rows.yaml": big_plan(1_500).replace("id: p", "id: rows"),
        "bomb.yaml": PLAN.replace("id: p", "id: bomb").replace(
            "{id: a,", "{id: a, emblem: bomb.png,"
        ),
    }
    write(root / "bomb.png", tiny_png_claiming(13000, 13000))
    for name, text in hostile.items():
        write(root / name, text)
        good(f"good-{name.split('.')[0]}")
    write(tmp_path / "secret.yaml", PLAN.replace("id: p", "id: secret"))
    (root / "escape.yaml").symlink_to(tmp_path / "secret.yaml")
    before = sorted(p.name for p in tmp_path.iterdir())

    report = build([root], tmp_path / "out", jobs=2)

    assert sorted(p.name for p in report.built) == sorted(
        f"good-{n.split('.')[0]}.pdf" for n in hostile
    )
    failed = {file.name: problems for file, problems in report.failed}
    assert sorted(failed) == sorted([*hostile, "escape.yaml"])
    for name, problems in failed.items():
        assert problems, name
        assert all("Traceback" not in str(p) for p in problems)
    assert failed["bidi.yaml"][0].path == "parties[0].state"
    assert failed["long.yaml"][0].path == "sections[0].initiatives[0].activity"
    assert failed["rows.yaml"][0].path == "sections[0].initiatives"
    assert failed["bomb.yaml"][0].path == "parties[0].emblem"
    assert "is outside" in failed["escape.yaml"][0].message
    assert not report.bugs
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "out"])
