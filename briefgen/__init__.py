"""briefgen: briefing notes and joint action plans (DOCX and PDF) from typed records.

The public API is `load` (a file to a Plan or Brief record); the stages after it are added to
`__all__` as they land. Everything else is internal.
"""

from briefgen.errors import BriefgenError, InputError, OutputError, Problem, RenderError, ThemeError
from briefgen.load import load
from briefgen.model import Brief, Plan

__all__ = [
    "Brief",
    "BriefgenError",
    "InputError",
    "OutputError",
    "Plan",
    "Problem",
    "RenderError",
    "ThemeError",
    "load",
]
