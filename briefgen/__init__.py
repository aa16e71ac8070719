"""briefgen: briefing notes and joint action plans (DOCX and PDF) from typed records.

record = briefgen.load("inputs/az-uz-2026/plan.yaml")   # a Plan or a Brief
document = briefgen.compose(record, "en")               # format-neutral blocks
pdf = briefgen.render(record, "pdf")                     # bytes of a PDF (or "docx")
report = briefgen.build(["inputs"], "outputs")           # many records, written to files
changes = briefgen.compare(old_plan, new_plan)          # what changed between two versions
"""

# The renderers live in the subpackage briefgen.render; import it before binding the public
# function of the same name, so that importing a renderer later cannot rebind the name.
import briefgen.compare as _comparison  # noqa: F401 - as briefgen.render, for compare()
import briefgen.render as _renderers  # noqa: F401
from briefgen.bulk import Report, build
from briefgen.compare import Changes, compare
from briefgen.errors import BriefgenError, InputError, OutputError, Problem, RenderError, ThemeError
from briefgen.load import load
from briefgen.model import Brief, Plan
from briefgen.pipeline import compose, render

__all__ = [
    "Brief",
    "BriefgenError",
    "Changes",
    "InputError",
    "OutputError",
    "Plan",
    "Problem",
    "RenderError",
    "Report",
    "ThemeError",
    "build",
    "compare",
    "compose",
    "load",
    "render",
]
