"""mojifix: repair damaged French text.

Re-exports only; the engine lives in the submodules.

>>> import mojifix
>>> mojifix.fix_text("Ã‰tÃ© comme hiver")
'Été comme hiver'
"""

from ._version import __version__
from .batch import fix_arrow, fix_many, fix_series  # pandas/pyarrow load only when called
from .decoding import fix_bytes
from .kinds import DamageKind
from .models import Change, Diagnosis, Finding, Repair, apply_changes
from .pipeline import detect, fix_text, repair

__all__ = [
    "__version__",
    "Change",
    "DamageKind",
    "Diagnosis",
    "Finding",
    "Repair",
    "apply_changes",
    "fix_arrow",
    "fix_many",
    "fix_series",
    "detect",
    "fix_bytes",
    "fix_text",
    "repair",
]
