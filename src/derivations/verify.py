"""Check every step of a derivation: symbolically, numerically, and by finite differences.

For each step the verifier tries, in order:
1. a symbolic proof under the assumptions (the difference simplifies to 0, or its sign is
   decided), first for general sizes and then, for sums over a size such as n, size by size;
2. in every case, a numeric check at seeded random points of the domain. A `Derivative`
   is evaluated there by central finite differences, never by symbolic differentiation, so
   every derivative the derivation claims is checked independently.
A step with no symbolic proof must pass a stricter check at 90 working digits (agreement to
1e-35) and is reported as "numeric". Nothing passes silently.
"""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from .model import Assume, Define, Derivation, DerivationDefinitionError, Rel, Step

POINTS = 20


@dataclass(frozen=True)
class Precision:
    dps: int  # working digits
    h: sp.Rational  # finite-difference step
    tol: float  # relative tolerance


ROUTINE = Precision(dps=40, h=sp.Rational(1, 10**13), tol=1e-12)  # nested differences stay near 1e-14
STRICT = Precision(dps=90, h=sp.Rational(1, 10**20), tol=1e-35)


class VerificationError(AssertionError):
    """A step does not hold. The message names the derivation, the step, both sides and the evidence."""

    def __init__(self, derivation_id: str, number: int, key: str, lhs, rel: Rel, rhs, detail: str):
        self.derivation_id, self.number, self.key, self.detail = derivation_id, number, key, detail
        claim = f"{lhs}  {rel.value}  {rhs}" if rel is not Rel.SOLVE else f"{lhs}  solved gives  {rhs}"
        super().__init__(f"{derivation_id}: step {number} ({key}) does not hold.\n  claimed: {claim}\n  {detail}")


@dataclass(frozen=True)
class StepCheck:
    number: int
    key: str
    method: str  # "symbolic", "symbolic at sizes ...", or "numeric"
    points: int
    finite_differences: int
    seconds: float

    @property
    def numeric_only(self) -> bool:
        return self.method == "numeric"


@dataclass(frozen=True)
class Report:
    derivation_id: str
    version: str
    checks: tuple[StepCheck, ...]
    seconds: float

    def check(self, key: str) -> StepCheck:
        return next(c for c in self.checks if c.key == key)


def verify(derivation: Derivation) -> Report:
    """Verify every step; raise VerificationError naming the first step that fails."""
    return _verify_cached(derivation, derivation.version)


@lru_cache(maxsize=None)
def _verify_cached(derivation: Derivation, version: str) -> Report:
    started = time.perf_counter()
    context = _Context(derivation)
    checks = []
    for number, part, step in derivation.steps:
        previous = part.start if step is part.steps[0] else part.steps[part.steps.index(step) - 1].expr
        checks.append(_check_step_once(context, number, step, previous))
    return Report(derivation.id, version, tuple(checks), time.perf_counter() - started)


# Every step's check, by everything it depends on, for the life of the process: a variant of a derivation
# (a test replacing one step by a wrong one) re-checks only the steps that differ.
_CHECKED: dict[tuple, StepCheck] = {}


def _check_step_once(context: _Context, number: int, step: Step, previous: sp.Basic) -> StepCheck:
    d = context.derivation
    key = (d.id, d.assumptions, d.definitions, number, step, previous)
    if key not in _CHECKED:
        _CHECKED[key] = _check_step(context, number, step, previous)
    return _CHECKED[key]


def values(derivation: Derivation) -> tuple[str, ...]:
    """Each declared Value as a decimal string with exactly its number of significant digits."""
    context = _Context(derivation)
    out = []
    for value in derivation.values:
        number = sp.N(context.expand(value.expr).doit(), value.digits + 15)
        if not number.is_real or not number.is_finite:
            raise DerivationDefinitionError(f"derivation {derivation.id!r}: value {value.key!r} is not a finite real number")
        with mpmath.workprec(number._prec):
            text = mpmath.nstr(mpmath.mpf(number._mpf_), value.digits, strip_zeros=False, min_fixed=-mpmath.inf, max_fixed=mpmath.inf)
        out.append(text + "0" if text.endswith(".") else text)  # a large value's digits all sit before the point
    return tuple(out)


# --- the context: assumptions and definitions -------------------------------------------


class _Context:
    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        self.assumptions: dict[sp.Basic, Assume] = {a.symbol: a for a in derivation.assumptions}
        self.definitions: tuple[Define, ...] = derivation.definitions
        self._evaluators: dict = {}

    def evaluator(self, precision: Precision) -> _Evaluator:
        """One evaluator per precision for the whole derivation: a step's left side is the
        previous step's right side, so its compiled form is reused."""
        if precision not in self._evaluators:
            self._evaluators[precision] = _Evaluator(precision)
        return self._evaluators[precision]

    def expand(self, expr: sp.Basic) -> sp.Basic:
        """Replace every defined name by its definition, until none is left (display-only wrappers go too)."""
        expr = sp.sympify(expr).replace(sp.UnevaluatedExpr, lambda inner: inner)
        for _ in range(len(self.definitions) + 1):
            new = expr
            for definition in self.definitions:
                new = _substitute_definition(new, definition)
            if new == expr:
                return expr
            expr = new
        raise DerivationDefinitionError(f"derivation {self.derivation.id!r}: its definitions are circular")

    def finite_cases(self, *exprs: sp.Basic) -> list[dict]:
        """Every assignment of the symbols with a finite domain (such as y in {0, 1}) that occur."""
        free = set().union(*(e.free_symbols for e in exprs))
        finite = [a for a in self.derivation.assumptions if a.symbol in free and isinstance(a.domain, sp.FiniteSet)]
        return [dict(zip([a.symbol for a in finite], combo)) for combo in itertools.product(*[list(a.domain) for a in finite])]

    def size_cases(self, *exprs: sp.Basic) -> list[dict]:
        """Concrete sizes (and every index within them) for the size symbols that occur."""
        free = set().union(*(e.free_symbols for e in exprs))
        for a in reversed(self.derivation.assumptions):  # an index in 1..d needs d too
            if a.symbol in free:
                free |= a.domain.free_symbols
        cases = [{}]
        for a in self.derivation.assumptions:
            if a.symbol not in free:
                continue
            if a.sizes:
                cases = [{**c, a.symbol: s} for c in cases for s in a.sizes]
            elif isinstance(a.domain, sp.Range) and a.domain.free_symbols:
                cases = [{**c, a.symbol: v} for c in cases for v in a.domain.xreplace(c)]
        return cases if cases != [{}] else []

    def undeclared(self, expr: sp.Basic) -> set:
        known = set(self.assumptions) | {s.label for s in self.assumptions if isinstance(s, sp.IndexedBase)}
        known |= {d.name for d in self.definitions if isinstance(d.name, sp.Symbol)}
        return {s for s in expr.free_symbols if s not in known and not isinstance(s, sp.Indexed)}


def _substitute_definition(expr: sp.Basic, definition: Define) -> sp.Basic:
    name, value = definition.name, definition.value
    if isinstance(name, sp.Symbol):
        return expr.xreplace({name: value})
    if isinstance(name, sp.Indexed):
        base, params = name.base, name.indices
        return expr.replace(
            lambda e: isinstance(e, sp.Indexed) and e.base == base,
            lambda e: value.xreplace(dict(zip(params, e.indices))),
        )
    if isinstance(name, AppliedUndef):
        head, params = name.func, name.args
        return expr.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func == head,
            lambda e: value.xreplace(dict(zip(params, e.args))),
        )
    raise DerivationDefinitionError(f"cannot define {name}: use a symbol, f(x) or x[i]")


# --- one step -----------------------------------------------------------------------------


def _check_step(context: _Context, number: int, step: Step, previous: sp.Basic) -> StepCheck:
    d = context.derivation
    for expr in (previous, step.expr, step.condition):
        missing = context.undeclared(expr)
        if missing:
            raise DerivationDefinitionError(
                f"derivation {d.id!r}, step {number} ({step.key}): no assumption for {', '.join(sorted(map(str, missing)))}"
            )
    started = time.perf_counter()
    lhs, rhs = _claim(step, previous)
    if step.rel is Rel.SOLVE:
        method = "symbolic" if _prove_solve(context, step, previous) else None
    else:
        method = _prove(context, step.rel, lhs, rhs)
    precision = ROUTINE if method else STRICT
    points, fds = _numeric_check(context, number, step, lhs, rhs, precision)
    return StepCheck(number, step.key, method or "numeric", points, fds, time.perf_counter() - started)


def _claim(step: Step, previous: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    """The two sides the step claims are related (for SOLVE: the equation with the solution put in)."""
    if step.rel is Rel.SOLVE:
        symbol, solution = step.expr.lhs, step.expr.rhs
        return previous.xreplace({symbol: solution}), step.condition
    return previous, step.expr


# --- symbolic -------------------------------------------------------------------------------


def _prove(context: _Context, rel: Rel, lhs: sp.Basic, rhs: sp.Basic) -> str | None:
    """Return how the claim was proven symbolically, or None when SymPy cannot decide it."""
    lhs_x, rhs_x = context.expand(lhs), context.expand(rhs)
    if _holds_in_all_cases(context, rel, lhs_x, rhs_x, {}):
        return "symbolic"
    sizes = context.size_cases(lhs_x, rhs_x)
    if sizes and all(_holds_in_all_cases(context, rel, lhs_x, rhs_x, size) for size in sizes):
        shown = ", ".join(
            f"{a.symbol} in {{{', '.join(map(str, a.sizes))}}}"
            for a in context.derivation.assumptions
            if a.sizes and a.symbol in (lhs_x.free_symbols | rhs_x.free_symbols)
        )
        return f"symbolic at sizes {shown}"
    return None


def _holds_in_all_cases(context: _Context, rel: Rel, lhs: sp.Basic, rhs: sp.Basic, size: dict) -> bool:
    """Whether SymPy proves the claim in every finite case. An internal SymPy failure (some
    simplifications raise on unusual sums) counts as "not proven": the strict numeric check decides."""
    try:
        return _holds_in_every_case(context, rel, lhs, rhs, size)
    except DerivationDefinitionError:
        raise
    except (ArithmeticError, AttributeError, NotImplementedError, RecursionError, StopIteration, TypeError, ValueError):
        return False


def _holds_in_every_case(context: _Context, rel: Rel, lhs: sp.Basic, rhs: sp.Basic, size: dict) -> bool:
    for case in context.finite_cases(lhs, rhs) or [{}]:
        subs = {**size, **case}
        left, right = (sp.sympify(e).subs(subs) for e in (lhs, rhs))
        if rel.direction and _termwise(context, rel, left, right):
            continue
        if not _relation_holds(context, rel, _carry_out(left), _carry_out(right)):
            return False
    return True


@lru_cache(maxsize=4096)
def _carry_out(expr: sp.Basic) -> sp.Basic:
    """Evaluate derivatives, integrals, limits and sums, except a sum of indexed terms over a
    symbolic size (x[i] for i up to n): it has no closed form, and SymPy's search for one is slow."""
    if not expr.args:
        return expr
    symbolic_size = isinstance(expr, (sp.Sum, sp.Product)) and any(
        not (lo.is_number and hi.is_number) for _, lo, hi in expr.limits
    )
    if symbolic_size and expr.function.has(sp.Indexed):
        return expr.func(_carry_out(expr.function), *expr.limits)
    rebuilt = expr.func(*[_carry_out(arg) for arg in expr.args])
    return rebuilt.doit(deep=False) if hasattr(rebuilt, "doit") else rebuilt


def _termwise(context: _Context, rel: Rel, left: sp.Basic, right: sp.Basic) -> bool:
    """A bound between sums, or products of non-negative factors, over one range holds term by term."""
    same_kind = type(left) is type(right) and isinstance(left, (sp.Sum, sp.Product))
    if not same_kind or left.limits != right.limits or rel.strict:
        return False
    smaller = left.function if rel.direction > 0 else right.function
    if isinstance(left, sp.Product) and not _sign_holds(context, _carry_out(smaller), strict=False):
        return False
    return _relation_holds(context, rel, _carry_out(left.function), _carry_out(right.function))


def _relation_holds(context: _Context, rel: Rel, left: sp.Basic, right: sp.Basic) -> bool:
    if rel is Rel.EQ:
        return _is_zero(context, left - right)
    gap = right - left if rel.direction > 0 else left - right  # must be >= 0 (or > 0)
    return _sign_holds(context, gap, strict=rel.strict)


_SIMPLIFIERS = (
    sp.expand,
    lambda e: sp.cancel(sp.together(e)),
    lambda e: sp.expand_log(sp.expand(e)),
    sp.simplify,
    lambda e: sp.simplify(e.rewrite(sp.exp)),
    lambda e: sp.simplify(e.rewrite(sp.erfc)) if e.has(sp.erf) else e,
)


def _is_zero(context: _Context, expr: sp.Basic) -> bool:
    if expr == 0:
        return True
    for simplify in _SIMPLIFIERS:
        reduced = _resolve_piecewise(context, simplify(expr))
        if reduced == 0:
            return True
    return False


def _sign_holds(context: _Context, gap: sp.Basic, strict: bool) -> bool:
    for simplify in (lambda e: e, *_SIMPLIFIERS, sp.factor):
        reduced = _resolve_piecewise(context, simplify(gap))
        if (reduced.is_positive if strict else reduced.is_nonnegative) is True:
            return True
    return False


def _resolve_piecewise(context: _Context, expr: sp.Basic) -> sp.Basic:
    """Pick the branch of a Piecewise whose condition the index domains make true (j <= d for j in 1..d)."""
    if not isinstance(expr, sp.Piecewise):
        return expr
    for value, condition in expr.args:
        if condition is sp.true or _condition_holds(context, condition):
            return value
    return expr


def _condition_holds(context: _Context, condition: sp.Basic) -> bool:
    for a in context.derivation.assumptions:
        if a.symbol in condition.free_symbols and isinstance(a.domain, sp.Range):
            lo, hi = a.domain.inf, a.domain.sup
            slack = sp.Dummy("m", integer=True, nonnegative=True)
            for position in (lo + slack, hi - slack):
                if sp.simplify(condition.xreplace({a.symbol: position})) is sp.true:
                    return True
    return False


def _prove_solve(context: _Context, step: Step, previous: sp.Basic) -> bool:
    """SymPy solves `previous = condition` for the symbol and finds exactly the claimed solution."""
    symbol, solution = step.expr.lhs, step.expr.rhs
    equation = sp.Eq(context.expand(previous).doit(), context.expand(step.condition).doit())
    try:
        found = sp.solve(equation, symbol)
    except NotImplementedError:
        return False
    target = context.expand(solution).doit()
    return len(found) == 1 and _is_zero(context, found[0] - target)


# --- numeric --------------------------------------------------------------------------------


def _numeric_check(context, number, step, lhs, rhs, precision) -> tuple[int, int]:
    d = context.derivation
    rng = random.Random(f"{d.id}/{step.key}")
    lhs_x, rhs_x = context.expand(lhs), context.expand(rhs)
    count = POINTS if precision is ROUTINE else 2 * POINTS + 10
    evaluate = context.evaluator(precision)
    instantiated: dict = {}  # sizes and indices -> both sides with their sums written out
    fds = 0
    for _ in range(count):
        point = _sample(context, rng)
        discrete = {k: v for k, v in point.items() if v.is_Integer}
        key = tuple(sorted(discrete.items(), key=str))
        if key not in instantiated:
            instantiated[key] = tuple(_instantiate(e, discrete) for e in (lhs_x, rhs_x))
        left, right = instantiated[key]
        point.update(_sample_entries(context, rng, left, right))
        fds += sum(1 for e in (left, right) for _ in e.atoms(sp.Derivative))
        a, b = evaluate(left, point), evaluate(right, point)
        failure = _compare(step.rel, a, b, precision)
        if failure:
            free = lhs_x.free_symbols | rhs_x.free_symbols | left.atoms(sp.Indexed) | right.atoms(sp.Indexed)
            shown = ", ".join(f"{k}={_show(v)}" for k, v in sorted(point.items(), key=lambda kv: str(kv[0])) if k in free)
            raise VerificationError(
                d.id, number, step.key, lhs, step.rel, step.expr,
                f"{failure}: left {_show(a, 15)}, right {_show(b, 15)} at {shown or 'no free symbols'}",
            )
    return count, fds


def _show(value, digits: int = 8) -> str:
    if isinstance(value, sp.Basic):
        return str(value) if value.is_Integer else str(sp.N(value, digits))
    return mpmath.nstr(value, digits)


def _compare(rel: Rel, a, b, precision: Precision) -> str:
    with mpmath.workdps(precision.dps):
        if not all(mpmath.isfinite(v) for v in (a, b)):
            return "undefined value"
        floor = mpmath.mpf(10) ** (-(precision.dps - 10))
        scale = max(abs(a), abs(b))
        residual = abs(a - b)
        if rel in (Rel.EQ, Rel.SOLVE):
            if residual <= precision.tol * scale or residual <= floor:
                return ""
            return f"residual {mpmath.nstr(residual, 3)} (relative {mpmath.nstr(residual / scale, 3)})"
        if any(isinstance(v, mpmath.mpc) and abs(v.imag) > floor for v in (a, b)):
            return "a bound between values that are not real"
        gap = (mpmath.re(b) - mpmath.re(a)) if rel.direction > 0 else (mpmath.re(a) - mpmath.re(b))
        if gap >= -(precision.tol * scale + floor):
            return ""
        return f"counterexample: the bound is violated by {mpmath.nstr(-gap, 3)}"


def _sample(context: _Context, rng: random.Random) -> dict:
    """Draw a value for every assumed symbol, in the order the assumptions are listed."""
    point: dict = {}
    for a in context.derivation.assumptions:
        if not isinstance(a.symbol, sp.IndexedBase):
            point[a.symbol] = _draw(rng, a, a.domain.xreplace(point))
    return point


def _sample_entries(context: _Context, rng: random.Random, *exprs: sp.Basic) -> dict:
    """Draw a value for every entry x[i] of an IndexedBase once sums are written out."""
    entries = sorted(set().union(*(e.atoms(sp.Indexed) for e in exprs)), key=str)
    point = {}
    for entry in entries:
        a = context.assumptions.get(entry.base)
        if a is None:
            raise DerivationDefinitionError(f"derivation {context.derivation.id!r}: no assumption for the entries of {entry.base}")
        point[entry] = _draw(rng, a, a.domain)
    return point


def _draw(rng: random.Random, a: Assume, domain: sp.Set):
    if a.sizes:
        return sp.Integer(rng.choice(a.sizes))
    if isinstance(domain, sp.Range):
        return rng.choice(domain)  # indexes the range, as choice(list(domain)) would, without listing it
    if isinstance(domain, sp.FiniteSet):
        return rng.choice(list(domain))
    if not isinstance(domain, sp.Interval):
        raise DerivationDefinitionError(f"cannot sample {a.symbol} from {domain}: use an interval, a range or a finite set")
    lo, hi = (sp.Rational(str(v)) for v in a.sample) if a.sample else _window(domain)
    lo, hi = max(lo, domain.inf), min(hi, domain.sup)
    grid = 10**9  # a rational point strictly inside the interval keeps the evaluation exact
    return lo + (hi - lo) * sp.Rational(rng.randint(1, grid - 1), grid)


def _window(domain: sp.Interval) -> tuple:
    """Where to sample an interval with no explicit window: all of it, or 5 units of an infinite side."""
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and hi.is_finite:
        return lo, hi
    if lo.is_finite:
        return lo, lo + 5
    if hi.is_finite:
        return hi - 5, hi
    return sp.Integer(-5), sp.Integer(5)


def _instantiate(expr: sp.Basic, discrete: dict) -> sp.Basic:
    """Put in the sampled sizes and indices and write out the sums and products (derivatives stay).

    A symbol that is also a bound variable somewhere (a summation index) is put in with `subs`,
    which leaves bound occurrences alone; any other is put in everywhere, derivative variables
    such as w[j] included.
    """
    bound = {limit[0] for e in expr.atoms(sp.Sum, sp.Product, sp.Integral) for limit in e.limits}
    expr = expr.xreplace({k: v for k, v in discrete.items() if k not in bound})
    expr = expr.subs({k: v for k, v in discrete.items() if k in bound})
    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), lambda e: e.doit(deep=False))


class _Evaluator:
    """Values of expressions at points, in mpmath at the working precision.

    Each expression is compiled once with lambdify. A Derivative (or Subs) inside it becomes a
    placeholder whose value is computed first, by central finite differences of the compiled
    inner expression: no symbolic differentiation takes part in a numeric check.
    """

    def __init__(self, precision: Precision):
        self.precision = precision
        self.h = mpmath.mpf(precision.h.p) / precision.h.q
        self._compiled: dict = {}
        self._constants: dict = {}

    def __call__(self, expr: sp.Basic, point: dict):
        with mpmath.workdps(self.precision.dps):
            return self._value(expr, {k: _to_mpmath(v) for k, v in point.items()})

    def _value(self, expr: sp.Basic, point: dict):
        if isinstance(expr, sp.Derivative):
            return self._finite_difference(expr, point)
        if isinstance(expr, sp.Subs):
            inner = {**point, **{v: self._value(p, point) for v, p in zip(expr.variables, expr.point)}}
            return self._value(expr.expr, inner)
        if isinstance(expr, sp.Integral):
            return self._quadrature(expr, point)
        function, arguments, nodes = self._compile(expr)
        values = [point[a] for a in arguments] + [self._value(node, point) for node in nodes]
        return function(*values)

    def _compile(self, expr: sp.Basic):
        if expr not in self._compiled:
            nodes = sorted(_outermost(expr, (sp.Derivative, sp.Subs, sp.Integral)), key=sp.default_sort_key)
            holders = [sp.Dummy() for _ in nodes]
            body = expr.xreplace(dict(zip(nodes, holders)))
            if body.has(sp.Limit):
                body = body.doit()
            labels = {i.base.label for i in body.atoms(sp.Indexed)}
            arguments = sorted((s for s in body.free_symbols if s not in labels and s not in holders), key=sp.default_sort_key)
            function = sp.lambdify(arguments + holders, body, modules="mpmath")
            self._compiled[expr] = (function, arguments, nodes)
        return self._compiled[expr]

    def _quadrature(self, expr: sp.Integral, point: dict):
        """A definite integral by mpmath's tanh-sinh quadrature of the compiled integrand.

        A factor free of the integration variable is taken out first, so that what is left is
        often a constant: that is computed once and remembered.
        """
        (variable, *_), *more = expr.limits
        if expr.function.is_zero:
            return mpmath.mpf(0)
        factor, integrand = expr.function.as_independent(variable, as_Add=False)
        if factor != 1 and integrand != expr.function and not more:
            return self._value(factor, point) * self._quadrature(expr.func(integrand, *expr.limits), point)
        constant = not expr.free_symbols
        if constant and expr in self._constants:
            return self._constants[expr]
        (variable, low, high), *rest = expr.limits
        inner = expr.func(expr.function, *rest) if rest else expr.function
        bounds = [self._value(sp.sympify(bound), point) if bound.is_finite else mpmath.mpf(str(bound).replace("oo", "inf"))
                  for bound in (low, high)]
        value = mpmath.quad(self._integrand(inner, variable, point), bounds)
        if constant:
            self._constants[expr] = value
        return value

    def _integrand(self, inner: sp.Basic, variable: sp.Symbol, point: dict):
        """`inner` as a function of the integration variable alone, the rest of `point` fixed."""
        function, arguments, nodes = self._compile(inner)
        if nodes:  # a derivative or integral inside: evaluate it afresh at each t
            return lambda t: self._value(inner, {**point, variable: t})
        values = [point.get(a) for a in arguments]
        slot = arguments.index(variable) if variable in arguments else None

        def at(t):
            if slot is not None:
                values[slot] = t
            return function(*values)

        return at

    def _finite_difference(self, expr: sp.Derivative, point: dict):
        (variable, order), *rest = expr.variable_count
        inner_counts = ([(variable, order - 1)] if order > 1 else []) + list(rest)
        inner = sp.Derivative(expr.expr, *inner_counts) if inner_counts else expr.expr
        x0 = point[variable]
        above = self._value(inner, {**point, variable: x0 + self.h})
        below = self._value(inner, {**point, variable: x0 - self.h})
        return (above - below) / (2 * self.h)


def _outermost(expr: sp.Basic, kinds: tuple) -> set:
    if isinstance(expr, kinds):
        return {expr}
    return set().union(set(), *(_outermost(arg, kinds) for arg in expr.args))


def _to_mpmath(value):
    if isinstance(value, sp.Rational):
        return mpmath.mpf(value.p) / value.q
    return value
