"""The verifier itself: what it proves, what it rejects, and how it reports."""

import pytest
import sympy as sp

from derivations import (
    Assume,
    Define,
    Derivation,
    DerivationDefinitionError,
    Part,
    Reference,
    Rel,
    Step,
    VerificationError,
    verify,
)

x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)
f = sp.Function("f")
REF = (Reference("ref", "Doe, J.", 2000, "A title", "A venue", doi="10.1000/xyz"),)


REAL_X = (Assume(x, sp.S.Reals, "a real number"),)


def make(*steps, start=x**2, assumptions=REAL_X, definitions=(), id="example"):
    return Derivation(id=id, title="Example", summary="An example.", assumptions=assumptions,
                      definitions=definitions, parts=(Part("chain", "Chain", start=start, steps=tuple(steps)),), references=REF)


def test_a_true_identity_is_proven_symbolically():
    report = verify(make(Step("expand", sp.Mul(x, x, evaluate=False), "write the square as a product")))
    assert report.check("expand").method == "symbolic"
    assert report.check("expand").points >= 20


def test_a_wrong_identity_names_derivation_step_sides_and_residual():
    with pytest.raises(VerificationError) as caught:
        verify(make(Step("ok", x * x, "fine"), Step("wrong", 2 * x, "a wrong claim")))
    message = str(caught.value)
    assert "example: step 2 (wrong)" in message
    assert "x**2" in message and "2*x" in message
    assert "residual" in message and "x=" in message
    assert caught.value.number == 2 and caught.value.key == "wrong"


def test_a_claimed_derivative_is_checked_by_finite_differences():
    report = verify(make(Step("derivative", 2 * x, "power rule"), start=sp.Derivative(x**2, x)))
    assert report.check("derivative").finite_differences == report.check("derivative").points
    with pytest.raises(VerificationError, match=r"step 1 \(derivative\)"):
        verify(make(Step("derivative", 3 * x, "a wrong power rule"), start=sp.Derivative(x**2, x)))


def test_definitions_are_expanded_before_checking():
    definition = (Define(f(x), sp.exp(2 * x), "an exponential"),)
    report = verify(make(Step("chain-rule", 2 * f(x), "chain rule"), start=sp.Derivative(f(x), x), definitions=definition))
    assert report.check("chain-rule").method == "symbolic"


def test_a_bound_sympy_cannot_decide_is_marked_numeric_and_still_checked():
    true_bound = make(Step("tangent-line", 1 + x, "the exponential lies above its tangent at 0", rel=Rel.GE), start=sp.exp(x))
    check = verify(true_bound).check("tangent-line")
    assert check.numeric_only and check.method == "numeric"
    assert check.points >= 50  # the strict 90-digit check uses more points
    false_bound = make(Step("tangent-line", 1 + 2 * x, "a wrong bound", rel=Rel.GE), start=sp.exp(x))
    with pytest.raises(VerificationError, match="counterexample"):
        verify(false_bound)


def test_an_identity_sympy_cannot_prove_must_agree_to_90_digits():
    # pi agrees with 355/113 to six digits: a routine 1e-12 check rejects it, and so does the strict one.
    with pytest.raises(VerificationError, match="residual"):
        verify(make(Step("approx", sp.Rational(355, 113) * x, "a close but wrong constant"), start=sp.pi * x))


def test_finite_cases_are_checked_one_by_one():
    y = sp.Symbol("y", integer=True)
    cases = (Assume(x, sp.S.Reals, "a real number"), Assume(y, sp.FiniteSet(0, 1), "a label"))
    # y**2 = y only for y in {0, 1}: true case by case, false for general y
    report = verify(make(Step("idempotent", y * x, "y is 0 or 1"), start=y**2 * x, assumptions=cases))
    assert report.check("idempotent").method == "symbolic"


def test_solve_step_checks_the_solution():
    a = sp.Symbol("a", positive=True)
    assumptions = (Assume(a, sp.Interval.open(0, sp.oo), "a positive number"),)
    good = make(Step("solve", sp.Eq(a, 2), "solve a^2 = 4", rel=Rel.SOLVE, condition=4), start=a**2, assumptions=assumptions)
    assert verify(good).check("solve").method == "symbolic"
    bad = make(Step("solve", sp.Eq(a, 3), "a wrong root", rel=Rel.SOLVE, condition=4), start=a**2, assumptions=assumptions)
    with pytest.raises(VerificationError, match=r"step 1 \(solve\)"):
        verify(bad)


def test_the_conclusion_is_computed_from_the_chain():
    d = make(Step("square", x**2 + 1, "add one", rel=Rel.LE), Step("same", 1 + x**2, "reorder"))
    assert d.parts[0].relation is Rel.LE
    assert d.result == sp.Le(x**2, x**2 + 1, evaluate=False)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: make(Step("a", x, "r"), id="Not_Kebab"), "kebab-case"),
        (lambda: make(Step("a", x, "r"), Step("a", x, "r")), "unique"),
        (lambda: make(Step("a", x, "r", rel=Rel.LE), Step("b", x, "r", rel=Rel.GE)), "mixes upper and lower"),
        (lambda: Derivation("no-refs", "t", "s", (), (Part("c", "c", x, (Step("a", x, "r"),)),), ()), "cites no primary source"),
    ],
)
def test_malformed_derivations_are_rejected_when_defined(build, message):
    with pytest.raises(DerivationDefinitionError, match=message):
        build()


def test_a_symbol_without_an_assumption_is_reported():
    q = sp.Symbol("q")
    with pytest.raises(DerivationDefinitionError, match="no assumption for q"):
        verify(make(Step("a", x + q, "r"), start=x + q))


def test_version_tracks_the_mathematics_not_the_prose(replace):
    d = make(Step("expand", x * x, "one reason"))
    assert replace(d, "expand", reason="another reason").version == d.version
    assert replace(d, "expand", expr=x * x + 0 * x + sp.Integer(0) + x - x).version == d.version  # same expression
    assert replace(d, "expand", expr=x**3).version != d.version


def test_second_and_mixed_derivatives_are_checked_by_nested_differences():
    y = sp.Symbol("y", real=True)
    both = (Assume(x, sp.S.Reals, "a real number"), Assume(y, sp.S.Reals, "another"))
    f = sp.exp(x * y) * sp.sin(x)
    claim = sp.diff(f, x, y)  # the true mixed derivative, stated as the step
    report = verify(make(Step("mixed", claim, "differentiate twice"), start=sp.Derivative(f, x, y), assumptions=both))
    assert report.check("mixed").finite_differences > 0
    second = make(Step("second", -sp.sin(x), "the sine's second derivative"), start=sp.Derivative(sp.sin(x), (x, 2)))
    assert verify(second).check("second").method == "symbolic"
    with pytest.raises(VerificationError, match="residual"):
        verify(make(Step("second", sp.sin(x), "a sign slip"), start=sp.Derivative(sp.sin(x), (x, 2))))


def test_the_numeric_check_integrates_a_zero_integrand_and_a_constant_factor():
    from derivations.verify import ROUTINE, _Evaluator

    t, a = sp.Symbol("t", real=True), sp.Symbol("a", positive=True)
    evaluator = _Evaluator(ROUTINE)
    assert evaluator._quadrature(sp.Integral(sp.S.Zero, (t, 0, 1)), {}) == 0
    value = evaluator._quadrature(sp.Integral(3 * a * sp.exp(-t), (t, 0, sp.oo)), {a: 2})
    assert abs(value - 6) < 1e-30
