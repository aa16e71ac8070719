"""Synthetic records for the benchmark, shaped like the example records in inputs/.

Each pair is a plan (12 initiatives in 4 areas, 3 pages of PDF) and a brief that links it
(`parties: plan.yaml`, `deliverables: [{plan: plan.yaml}]`) with 5 summary points, 8
participants, 6 programme items, 4 background paragraphs, 6 talking points and 3 risks.
Texts and names are the examples' own, with words swapped from a vocabulary that includes
Azerbaijani and Uzbek letters (ə ğ ı ş İ, oʻ gʻ with U+02BB), so every record differs and
exercises the same fonts and shaping as the real ones. Record i depends only on the seed
and i, so any N gives the same first records.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from briefgen.load import load, unstructure

__all__ = ["write_pairs"]

EXAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "az-uz-2026"
SEED = 20260101

VOCABULARY = [
    "regional", "coordination", "training", "exercise", "logistics", "laboratory", "equipment",
    "volunteers", "hydrology", "avalanche", "mudflow", "satellite", "communication", "mapping",
    "shelter", "evacuation", "wildfire", "earthquake", "resilience", "monitoring",
    "forecasting", "aviation", "medical", "psychological", "canine", "hazardous", "chemical",
    "radiological", "cartography", "telemetry", "interoperability", "doctrine", "təlim",
    "xilasetmə", "seysmik", "monitorinq", "hazırlıq", "koordinasiya", "təhlükəsizlik",
    "müşahidə", "Gəncə", "Şəki", "Lənkəran", "İsmayıllı", "Naxçıvan", "Samarqand", "Buxoro",
    "Fargʻona", "Namangan", "Xorazm", "oʻquv", "qutqaruv", "gʻamxoʻrlik", "tayyorgarlik",
]  # fmt: skip
FIRST = [
    "Kəmaləddin", "Leyla", "Rauf", "Nigar", "Etibar", "Aysel", "Elçin", "Günay", "Tural",
    "Gʻayrat", "Botir", "Dilnoza", "Sherzod", "Oʻktam",
]  # fmt: skip
LAST = [
    "Heydərov", "Məmmədova", "Əliyev", "Hüseynova", "Rəhimov", "Nəsirova", "Qasımov",
    "Yusupova", "Karimov", "Toʻxtayev", "Qudratxoʻjayev", "Ismoilova",
]  # fmt: skip

#: Fields whose text is varied; everything else (ids, enums, dates, times) is kept.
TEXT = {
    "title", "activity", "outcome", "purpose", "summary", "objectives", "their_objectives",
    "points", "background", "preamble", "final_provisions", "item", "issue", "handling",
    "text", "topic", "venue", "area", "organisation", "parent_event", "unit",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{5,}")


def _vary(text: str, rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        if rng.random() > 0.35:
            return match[0]
        word = rng.choice(VOCABULARY)
        return word[:1].upper() + word[1:] if match[0][:1].isupper() else word

    return WORD.sub(swap, text)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _walk(value: Any, key: str, rng: random.Random) -> Any:
    if isinstance(value, dict):
        if value and all(len(k) == 2 and isinstance(v, str) for k, v in value.items()):
            if key == "name":  # a LocalText name: one person in every language
                person = _name(rng)
                return dict.fromkeys(value, person)
            if key in TEXT:
                return {k: _vary(v, rng) for k, v in value.items()}
        return {k: _walk(v, k, rng) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, key, rng) for v in value]
    if isinstance(value, str):
        if key == "name":
            return _name(rng)
        if key in TEXT:
            return _vary(value, rng)
    return value


def _cycle(items: list[Any], count: int) -> list[Any]:
    return [copy.deepcopy(items[i % len(items)]) for i in range(count)]


def _bases() -> tuple[dict[str, Any], dict[str, Any]]:
    plan = unstructure(load(EXAMPLE / "plan.yaml"))
    brief = unstructure(load(EXAMPLE / "brief.yaml"))
    initiatives = [i for s in plan["sections"] for i in s["initiatives"]]
    plan["sections"] = [
        {"area": copy.deepcopy(plan["sections"][n % len(plan["sections"])]["area"]),
         "initiatives": _cycle(initiatives[n:] + initiatives[:n], 3)}
        for n in range(4)
    ]  # fmt: skip
    brief["summary"] = _cycle(brief["summary"], 5)
    brief["participants"] = {
        side: _cycle(people, 4) for side, people in brief["participants"].items()
    }
    brief["programme"] = _cycle(brief["programme"], 6)
    brief["background"] = _cycle(brief["background"], 4)
    brief["talking_points"] = _cycle(brief["talking_points"], 6)
    brief["risks"] = _cycle(brief["risks"], 3)
    brief["parties"] = "plan.yaml"
    brief["deliverables"] = [{"plan": "plan.yaml"}]
    return plan, brief


def _dump(data: dict[str, Any]) -> str:
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)


def pairs(count: int, seed: int = SEED) -> Iterator[tuple[str, str]]:
    """The YAML texts of `count` (plan, brief) pairs."""
    plan, brief = _bases()
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        p = _walk(copy.deepcopy(plan), "", rng)
        b = _walk(copy.deepcopy(brief), "", rng)
        p["id"] = f"plan-{i:05d}"
        b["id"] = f"brief-{i:05d}"
        yield _dump(p), _dump(b)


def write_pairs(
    folder: Path, count: int, progress: Callable[[int], None] | None = None
) -> tuple[list[Path], list[Path]]:
    """Write `count` pairs as `folder/rNNNNN/{plan,brief}.yaml`; return the plans and briefs."""
    plans: list[Path] = []
    briefs: list[Path] = []
    for i, (plan, brief) in enumerate(pairs(count)):
        sub = folder / f"r{i:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "plan.yaml").write_text(plan, encoding="utf-8")
        (sub / "brief.yaml").write_text(brief, encoding="utf-8")
        plans.append(sub / "plan.yaml")
        briefs.append(sub / "brief.yaml")
        if progress is not None:
            progress(i + 1)
    return plans, briefs
