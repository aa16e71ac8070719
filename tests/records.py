"""The smallest valid record files, as text, for tests that write their own files."""

from __future__ import annotations

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
