"""The four core derivations: they hold, and a deliberately wrong variant of each is rejected."""

import pytest
import sympy as sp

from derivations import VerificationError, all_derivations, get, verify
from derivations.catalogue import focal_loss, log_loss, selu, sigmoid
from derivations.verify import values

CORE = ("sigmoid-derivative", "log-loss", "focal-loss", "selu-fixed-point")

# Published by Klambauer et al. (2017), "Self-Normalizing Neural Networks", and used as the
# constants of SELU in TensorFlow and PyTorch.
PUBLISHED_ALPHA_01 = "1.6732632423543772848170429916717"
PUBLISHED_LAMBDA_01 = "1.0507009873554804934193349852946"


def test_the_catalogue_holds_the_core_derivations():
    assert set(CORE) <= {d.id for d in all_derivations()}


@pytest.mark.parametrize("derivation", all_derivations(), ids=lambda d: d.id)
def test_every_derivation_verifies(derivation):
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


@pytest.mark.parametrize("derivation", all_derivations(), ids=lambda d: d.id)
def test_every_claimed_derivative_is_checked_by_finite_differences(derivation):
    report = verify(derivation)
    for number, part, step in derivation.steps:
        previous = part.start if step is part.steps[0] else part.steps[part.steps.index(step) - 1].expr
        if previous.has(sp.Derivative) or step.expr.has(sp.Derivative):
            assert report.check(step.key).finite_differences > 0, step.key


s, n = log_loss.s, sigmoid.n
WRONG = [
    # (derivation, step, wrong expression, what is wrong)
    ("sigmoid-derivative", "product-form", sigmoid.sigma(sigmoid.z) * (1 + sigmoid.sigma(sigmoid.z)), "wrong sign"),
    ("sigmoid-derivative", "at-most-quarter", sp.Rational(1, 5), "wrong maximum"),
    ("sigmoid-derivative", "power", sp.Pow(4, -n - 1), "wrong constant"),
    ("log-loss", "log-loss", -sp.Sum(log_loss.y[log_loss.i] * sp.log(log_loss.p[log_loss.i]), (log_loss.i, 1, log_loss.n)),
     "dropped term"),
    ("log-loss", "residual", log_loss.y_one - log_loss.sigma(s), "wrong sign"),
    ("log-loss", "odds-ratio-value", sp.exp(2 * log_loss.w[log_loss.j]), "wrong constant"),
    ("focal-loss", "one-hundredth", sp.Rational(1, 10), "wrong constant"),
    ("focal-loss", "ce-result", focal_loss.sigma(focal_loss.x) + focal_loss.y, "wrong sign"),
    ("selu-fixed-point", "saturation-value", selu.lam * selu.alpha, "wrong sign"),
    ("selu-fixed-point", "lambda-01-exceeds-one", sp.Rational(106, 100), "wrong bound"),
    ("selu-fixed-point", "positive-power", selu.lam ** (selu.n + 1), "wrong exponent"),
]


@pytest.mark.parametrize("derivation_id, key, wrong, what", WRONG, ids=[f"{w[0]}:{w[1]}:{w[3]}" for w in WRONG])
def test_a_wrong_step_is_rejected_and_named(derivation_id, key, wrong, what, replace):
    derivation = get(derivation_id)
    number = next(number for number, _part, step in derivation.steps if step.key == key)
    with pytest.raises(VerificationError) as caught:
        verify(replace(derivation, key, expr=wrong))
    assert caught.value.derivation_id == derivation_id
    assert (caught.value.number, caught.value.key) == (number, key)
    assert f"{derivation_id}: step {number} ({key}) does not hold" in str(caught.value)


def test_selu_constants_match_the_published_values_to_30_digits():
    computed = dict(zip((v.key for v in get("selu-fixed-point").values), values(get("selu-fixed-point"))))
    alpha, lam = computed["alpha-01-digits"], computed["lambda-01-digits"]
    assert alpha[:31] == PUBLISHED_ALPHA_01[:31]  # "1." and 29 more digits: 30 significant digits
    assert lam[:31] == PUBLISHED_LAMBDA_01[:31]
    assert len(alpha.replace(".", "")) == 40


def test_selu_amplification_values_are_powers_of_lambda():
    computed = dict(zip((v.key for v in get("selu-fixed-point").values), values(get("selu-fixed-point"))))
    lam = sp.Float(computed["lambda-01-digits"], 40)
    for power in (10, 50, 100):
        key = next(k for k in computed if k.endswith(str(power)))
        assert abs(sp.Float(computed[key], 40) - lam**power) < sp.Float(10) ** -30 * lam**power
