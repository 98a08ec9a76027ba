"""The tour: every worked example of the lessons, run by the library, as one report.

``report/`` assembles the lessons' examples; it has no math of its own. Each example in
:mod:`gradstep.report.examples` calls the public library (calculus, descent, nn, viz)
and returns its question, what gradstep computed, its pictures and its checks against
the lesson's values. :func:`run_tour` writes ``report.html`` (self-contained, offline)
and ``report.md`` (pictures in ``images/`` beside it).
"""

from gradstep.report.registry import EXAMPLES
from gradstep.report.results import Check, ExampleResult, Picture, TourResult
from gradstep.report.tour import DEFAULT_OUT, output_folder, run_tour

__all__ = [
    "DEFAULT_OUT",
    "EXAMPLES",
    "Check",
    "ExampleResult",
    "Picture",
    "TourResult",
    "output_folder",
    "run_tour",
]
