"""Plans with every text in two or three languages, for the parallel-document tests.

Each text carries a marker ("R7az", "R7en") so a test can find a clause and its
translation in a rendered page without knowing the translation.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from briefgen.load import load
from briefgen.model import Initiative, Language, LocalText, Plan, Section

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "az-uz-2026" / "plan.yaml"

ARABIC = "تعزيز التعاون في مجال الحماية المدنية"


def text(marker: str, words: int = 12, langs: tuple[str, ...] = ("az", "en")) -> LocalText:
    """A text in each language, each starting with `<marker><lang>`."""
    body = {
        "az": "fövqəladə hallar üzrə əməkdaşlığın gücləndirilməsi",
        "en": "strengthening cooperation on emergency situations",
        "uz": "favqulodda vaziyatlar boʻyicha hamkorlikni mustahkamlash",
        "ar": ARABIC,
    }
    # The marker goes at the end of Arabic, whose first letter sets the direction.
    return LocalText(
        {
            lang: f"{' '.join([body[lang]] * max(1, words // 5))} {marker}{lang}"
            if lang == "ar"
            else f"{marker}{lang} " + " ".join([body[lang]] * max(1, words // 5))
            for lang in langs
        }
    )


def bilingual_plan(
    recitals: int = 6, provisions: int = 3, langs: tuple[str, ...] = ("az", "en")
) -> Plan:
    """The az-uz example with marked texts in `langs` for every recital, provision and cell."""
    plan = load(EXAMPLE)
    assert isinstance(plan, Plan)
    sections = tuple(
        Section(
            area=text(f"A{s}", 3, langs),
            initiatives=tuple(
                Initiative(
                    activity=text(f"I{s}.{i}", 10, langs),
                    timeframe=LocalText("2026 Q3"),
                    responsible={
                        "az": text(f"Raz{s}.{i}", 3, langs),
                        "uz": text(f"Ruz{s}.{i}", 3, langs),
                    },
                    outcome=text(f"O{s}.{i}", 8, langs),
                )
                for i in range(1, 4)
            ),
        )
        for s in range(1, 3)
    )
    assert plan.signing is not None and plan.basis is not None
    places = {"az": "Bakı", "en": "Baku", "uz": "Boku", "ar": "باكو"}
    return attrs.evolve(
        plan,
        basis=attrs.evolve(plan.basis, title=text("B", 12, langs)),
        signing=attrs.evolve(plan.signing, place=LocalText({k: places[k] for k in langs})),
        parties=tuple(
            attrs.evolve(
                party,
                short=text(f"N{party.id}", 2, langs),
                signatory=attrs.evolve(
                    party.signatory,
                    title=text(f"S{party.id}", 6, langs),
                    rank=text(f"K{party.id}", 2, langs),
                )
                if party.signatory
                else None,
            )
            for party in plan.parties
        ),
        title=text("T", 10, langs),
        preamble=tuple(text(f"R{i}", 40, langs) for i in range(1, recitals + 1)),
        final_provisions=tuple(text(f"P{i}", 25, langs) for i in range(1, provisions + 1)),
        sections=sections,
        language=Language.EN,
    )
