"""Output and input confinement: ids cannot name files outside the output folder, links cannot leave the root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.load import load
from briefgen.model import ID_RULE, Brief
from tests.records import MINIMAL_BRIEF as BRIEF
from tests.records import MINIMAL_PLAN as PLAN


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plan_json(record_id: str) -> str:
    """The minimal plan as JSON with the given id (JSON can hold any string)."""
    return json.dumps(
        {
            "kind": "plan",
            "id": record_id,
            "title": "Plan",
            "parties": [
                {"id": "a", "state": "A", "organisation": "Ministry A"},
                {"id": "b", "state": "B", "organisation": "Ministry B"},
            ],
            "sections": [{"area": "Training", "initiatives": [{"activity": "Exercise"}]}],
        },
        indent=2,
    )


# ---------------------------------------------------------------------------------------------
# Record ids name output files.

BAD_IDS = [
    "../../elsewhere/x",
    "/abs/x",
    "C:\\x",
    "c:x",
    "CON",
    "a/b",
    "a\\b",
    "",
    " x",
    "x ",
    "x.",
    "..",
    ".hidden",
    "a\x00b",
    "a\x1fb",
    "a\nb",
    "x" * 300,
    "é",
]
DEVICE_IDS = ["con", "nul.txt", "com1", "lpt9.plan", "aux", "prn.x.y"]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_an_unsafe_id_is_refused_saying_which_ids_are_allowed(tmp_path: Path, bad: str) -> None:
    """An id that is not a plain file name is an error at its line that states the rule."""
    path = write(tmp_path / "plan.json", plan_json(bad))
    with pytest.raises(InputError) as info:
        load(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (3, "id")
    assert problem.message.endswith(f"is not a valid id ({ID_RULE})")
    assert len(problem.message) < 250


@pytest.mark.parametrize("bad", DEVICE_IDS)
def test_a_windows_device_name_is_refused(tmp_path: Path, bad: str) -> None:
    """An id that Windows would read as a device is an error that lists the device names."""
    path = write(tmp_path / "plan.json", plan_json(bad))
    with pytest.raises(InputError) as info:
        load(path)
    (problem,) = info.value.problems
    assert problem.path == "id"
    assert "device name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9" in problem.message


@pytest.mark.parametrize("good", ["a", "x-", "v1.2_final", "a..b", "9" * 100, "console", "com10"])
def test_plain_file_names_are_ids(tmp_path: Path, good: str) -> None:
    """Lowercase letters, digits, '.', '_' and '-' make an id, not ending with a dot."""
    assert load(write(tmp_path / "plan.json", plan_json(good))).id == good


# ---------------------------------------------------------------------------------------------
# Links stay inside the root.


def outside_problem(path: Path, root: Path) -> str:
    """The single problem line loading `path` confined to `root` reports."""
    with pytest.raises(InputError) as info:
        load(path, root=root)
    (problem,) = info.value.problems
    return str(problem)


def test_parties_link_outside_the_root_is_refused(tmp_path: Path) -> None:
    """`parties: ../other.yaml` leaving the root is an error naming file, line, field and the flag."""
    write(tmp_path / "other.yaml", PLAN)
    brief = write(tmp_path / "root" / "brief.yaml", BRIEF + "parties: ../other.yaml\n")
    assert outside_problem(brief, tmp_path / "root") == (
        f"{brief}:8: parties: ../other.yaml ({tmp_path / 'other.yaml'}) is outside "
        f"{tmp_path / 'root'}; records may only link to files inside the folder being built "
        "(--allow-outside permits it)"
    )


def test_deliverable_link_outside_the_root_is_refused(tmp_path: Path) -> None:
    """A deliverable plan outside the root is refused at its own line."""
    write(tmp_path / "root" / "plan.yaml", PLAN)
    write(tmp_path / "x.yaml", PLAN)
    text = BRIEF + "parties: plan.yaml\ndeliverables:\n  - plan: ../x.yaml\n"
    brief = write(tmp_path / "root" / "brief.yaml", text)
    message = outside_problem(brief, tmp_path / "root")
    assert message.startswith(f"{brief}:10: deliverables[0].plan: ../x.yaml ")
    assert "--allow-outside" in message


def test_absolute_link_outside_the_root_is_refused(tmp_path: Path) -> None:
    """An absolute path to a file outside the root is refused too."""
    other = write(tmp_path / "other.yaml", PLAN)
    brief = write(tmp_path / "root" / "brief.yaml", BRIEF + f"parties: {other}\n")
    message = outside_problem(brief, tmp_path / "root")
    assert message.startswith(f"{brief}:8: parties: {other} is outside {tmp_path / 'root'}")


def test_symlink_resolving_outside_the_root_is_refused(tmp_path: Path) -> None:
    """A link to a symbolic link inside the root that points outside it is refused."""
    other = write(tmp_path / "other.yaml", PLAN)
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "plan.yaml").symlink_to(other)
    brief = write(tmp_path / "root" / "brief.yaml", BRIEF + "parties: plan.yaml\n")
    assert "is outside" in outside_problem(brief, tmp_path / "root")


def test_a_record_file_outside_the_root_is_refused(tmp_path: Path) -> None:
    """The record file itself must lie in the root (a symlink out of it is refused)."""
    other = write(tmp_path / "other.yaml", PLAN)
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "plan.yaml").symlink_to(other)
    message = outside_problem(tmp_path / "root" / "plan.yaml", tmp_path / "root")
    assert "is outside" in message and "--allow-outside" in message


def test_links_inside_the_root_load(tmp_path: Path) -> None:
    """Links into a subfolder or a sibling folder inside the root are followed."""
    write(tmp_path / "root" / "shared" / "plan.yaml", PLAN)
    text = BRIEF + "parties: ../shared/plan.yaml\ndeliverables:\n  - plan: ../shared/plan.yaml\n"
    brief = write(tmp_path / "root" / "briefs" / "brief.yaml", text)
    record = load(brief, root=tmp_path / "root")
    assert isinstance(record, Brief)
    assert [p.id for p in record.parties] == ["a", "b"]


def test_a_root_given_through_a_symlink_still_contains_its_files(tmp_path: Path) -> None:
    """A root named through a symbolic link contains the files under its target."""
    write(tmp_path / "real" / "plan.yaml", PLAN)
    brief = write(tmp_path / "real" / "brief.yaml", BRIEF + "parties: plan.yaml\n")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    assert isinstance(load(tmp_path / "alias" / "brief.yaml", root=tmp_path / "alias"), Brief)
    assert isinstance(load(brief, root=tmp_path / "alias"), Brief)


def test_without_a_root_links_may_go_anywhere(tmp_path: Path) -> None:
    """root=None (the default, and --allow-outside) follows links outside the folder."""
    write(tmp_path / "other.yaml", PLAN)
    brief = write(tmp_path / "root" / "brief.yaml", BRIEF + "parties: ../other.yaml\n")
    assert isinstance(load(brief), Brief)


def test_an_emblem_outside_the_root_is_refused(tmp_path: Path) -> None:
    """A party's emblem picture is a file reference too: it must lie inside the root."""
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "emblem.png")
    text = PLAN.replace("{id: a, state: A,", "{id: a, emblem: ../emblem.png, state: A,")
    plan = write(tmp_path / "root" / "plan.yaml", text)
    message = outside_problem(plan, tmp_path / "root")
    assert message.startswith(f"{plan}:5: parties[0].emblem: ../emblem.png (")
    assert "--allow-outside" in message
    assert load(plan).parties[0].emblem == str(tmp_path / "emblem.png")


# ---------------------------------------------------------------------------------------------
# A record reached through a symbolic link is confined like any other (issue 19, cause 2).


def escaping_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder to build holding a good plan and a symlink to a record outside it whose
    parties link to a file beside it (outside the folder too)."""
    write(tmp_path / "outside" / "secret.yaml", PLAN)
    write(tmp_path / "outside" / "brief.yaml", BRIEF + "parties: secret.yaml\n")
    root = tmp_path / "inputs"
    write(root / "good.yaml", PLAN.replace("id: p", "id: good"))
    (root / "escape.yaml").symlink_to(tmp_path / "outside" / "brief.yaml")
    return root, tmp_path / "out"


def test_a_symlinked_record_outside_the_folder_is_refused_by_build(tmp_path: Path) -> None:
    """build refuses the record a symlink leads out of the folder to, at its file; the good one builds."""
    from briefgen import build

    root, out = escaping_folder(tmp_path)
    report = build([root], out, jobs=1)
    assert [p.name for p in report.built] == ["good.pdf"]
    ((file, problems),) = report.failed
    assert file == root / "escape.yaml"
    (problem,) = problems
    assert "is outside" in problem.message and "--allow-outside" in problem.message
    assert str(tmp_path / "outside" / "brief.yaml") in str(problem)
    assert not (out / "b.docx").exists()


def test_check_and_build_refuse_a_symlinked_record_alike(tmp_path: Path) -> None:
    """check reports the escaping record with the same problem build does."""
    from briefgen import build

    root, out = escaping_folder(tmp_path)
    checked = build([root], out, jobs=1, check=True)
    built = build([root], out, jobs=1)
    assert checked.failed == built.failed
    assert checked.failed


def test_a_symlinked_record_outside_is_refused_in_worker_processes(tmp_path: Path) -> None:
    """With worker processes the confinement is the same (the root travels with the task)."""
    from briefgen import build

    root, out = escaping_folder(tmp_path)
    write(root / "second.yaml", PLAN.replace("id: p", "id: second"))
    report = build([root], out, jobs=2)
    assert sorted(p.name for p in report.built) == ["good.pdf", "second.pdf"]
    assert [file.name for file, _ in report.failed] == ["escape.yaml"]


def test_allow_outside_builds_a_symlinked_record(tmp_path: Path) -> None:
    """--allow-outside lifts confinement: the linked record and its outside link are read."""
    from briefgen import build

    root, out = escaping_folder(tmp_path)
    report = build([root], out, jobs=1, allow_outside=True)
    assert not report.failed
    assert sorted(p.name for p in report.built) == ["b.docx", "good.pdf"]


def test_a_symlinked_subfolder_leading_outside_is_refused(tmp_path: Path) -> None:
    """A symlinked folder inside the folder being built does not widen it."""
    from briefgen import build

    write(tmp_path / "outside" / "plan.yaml", PLAN)
    root = tmp_path / "inputs"
    write(root / "good.yaml", PLAN.replace("id: p", "id: good"))
    (root / "sub").symlink_to(tmp_path / "outside")
    report = build([root], tmp_path / "out", jobs=1)
    assert [p.name for p in report.built] == ["good.pdf"]
    failed = {file.name: problems for file, problems in report.failed}
    if failed:  # rglob may or may not walk into a symlinked folder; either way nothing escapes
        assert "is outside" in failed["plan.yaml"][0].message


def test_a_symlink_inside_the_folder_to_a_record_inside_builds(tmp_path: Path) -> None:
    """A symlink whose target lies inside the folder is fine (its real path is inside)."""
    from briefgen import build

    root = tmp_path / "inputs"
    write(root / "real" / "plan.yaml", PLAN)
    (root / "alias.yaml").symlink_to(root / "real" / "plan.yaml")
    report = build([root], tmp_path / "out", jobs=1)
    assert not report.failed
    assert [p.name for p in report.built] == ["p.pdf"]


def test_confinement_of_a_file_outside_every_root_is_still_a_root(tmp_path: Path) -> None:
    """A real path outside every root gets the root it was found in, never None (no confinement)."""
    from briefgen.bulk import _confinement, _roots

    root = tmp_path / "inputs"
    root.mkdir()
    roots = _roots([root])
    outside = (tmp_path / "elsewhere" / "x.yaml").resolve()
    assert _confinement(outside, root / "x.yaml", roots) == str(root.resolve())
    assert _confinement(outside, tmp_path / "other" / "x.yaml", roots) == str(root.resolve())
    inside = (root / "sub" / "y.yaml").resolve()
    assert _confinement(inside, root / "sub" / "y.yaml", roots) == str(root.resolve())
    assert _confinement(outside, root / "x.yaml", None) is None
