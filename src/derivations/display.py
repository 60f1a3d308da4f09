"""Display helpers for derivation authors.

SymPy reorders and merges sums and products as it builds them (`e^z - 1` becomes `-1 + e^z`).
These keep an expression as written. They change nothing the verifier proves: it evaluates
them away before checking.
"""

import sympy as sp


def product(*factors: sp.Basic) -> sp.Expr:
    """A product shown in the order written."""
    return sp.Mul(*factors, evaluate=False)


def total(*terms: sp.Basic) -> sp.Expr:
    """A sum shown in the order written."""
    return sp.Add(*terms, evaluate=False)


def reciprocal(expr: sp.Basic) -> sp.Expr:
    """1/expr, kept as a power so that it is not merged into the product around it."""
    return sp.Pow(expr, -1, evaluate=False)
