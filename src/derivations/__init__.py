"""SymPy-verified derivations for ML Derived.

The public surface: the model (`Derivation`, `Part`, `Step`, ...), the catalogue
(`all_derivations`, `get`), `verify`, the renderers and the JSON export. This package
never imports MkDocs or matplotlib.
"""

from .model import Assume, Define, Derivation, DerivationDefinitionError, Part, Reference, Rel, Step, Value
from .registry import UnknownDerivationError, all_derivations, get
from .verify import Report, StepCheck, VerificationError, verify

__all__ = [
    "Assume", "Define", "Derivation", "DerivationDefinitionError", "Part", "Reference", "Rel", "Report", "Step",
    "StepCheck", "UnknownDerivationError", "Value", "VerificationError", "all_derivations", "get", "verify",
]
