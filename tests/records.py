"""The smallest valid record files, as text, for tests that write their own files."""

from __future__ import annotations

from typing import Any

from briefgen.model import Initiative, LocalText, Party, Plan, Section

MINIMAL_PLAN = """\
kind: plan
id: p
title: Plan
parties:
  - {id: a, state: A, organisation: Ministry A}
  - {id: b, state: B, organisation: Ministry B}
sections:
  - area: Training
    initiatives:
      - activity: Joint exercise
"""

MINIMAL_BRIEF = """\
kind: brief
id: b
event:
  title: Meeting
  start: 2026-01-12T15:00
host: a
guest: b
"""


def minimal_plan(**changes: Any) -> Plan:
    """The plan MINIMAL_PLAN writes, as a record made in code, with `changes` to its fields."""
    fields: dict[str, Any] = {
        "id": "p",
        "title": LocalText("Plan"),
        "parties": (
            Party(id="a", state=LocalText("A"), organisation=LocalText("Ministry A")),
            Party(id="b", state=LocalText("B"), organisation=LocalText("Ministry B")),
        ),
        "sections": (
            Section(
                area=LocalText("Training"),
                initiatives=(Initiative(activity=LocalText("Joint exercise")),),
            ),
        ),
    }
    return Plan(**{**fields, **changes})
