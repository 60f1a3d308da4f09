"""The catalogue: every module in `derivations.catalogue` that defines `DERIVATION`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from . import catalogue
from .model import Derivation, DerivationDefinitionError


class UnknownDerivationError(KeyError):
    """An id that names no derivation; the message lists the known ids."""

    def __init__(self, derivation_id: str, known: list[str]):
        self.derivation_id, self.known = derivation_id, known
        super().__init__(f"unknown derivation {derivation_id!r}; known ids: {', '.join(known)}")

    def __str__(self) -> str:
        return self.args[0]


@lru_cache(maxsize=1)
def all_derivations() -> tuple[Derivation, ...]:
    """Every derivation in the catalogue, sorted by id."""
    found: dict[str, Derivation] = {}
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"{catalogue.__name__}.{info.name}")
        derivation = getattr(module, "DERIVATION", None)
        if not isinstance(derivation, Derivation):
            raise DerivationDefinitionError(f"{module.__file__}: defines no DERIVATION")
        if derivation.id in found:
            raise DerivationDefinitionError(f"{module.__file__}: id {derivation.id!r} is taken by {found[derivation.id].module}")
        object.__setattr__(derivation, "module", f"src/derivations/catalogue/{info.name}.py")
        found[derivation.id] = derivation
    return tuple(found[k] for k in sorted(found))


def get(derivation_id: str) -> Derivation:
    for derivation in all_derivations():
        if derivation.id == derivation_id:
            return derivation
    raise UnknownDerivationError(derivation_id, [d.id for d in all_derivations()])
