"""The sequence-to-sequence page: the likelihood derivation holds, wrong variants are rejected and named,
the factorisation holds numerically for a small random decoder, and the diagram shows what the page says."""

import itertools
import math

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import sequence_likelihood as sl

ID = "sequence-likelihood"


@pytest.fixture(scope="module")
def diagram():
    return figure_script("plot_seq2seq_diagram")


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)
    assert all(not check.numeric_only for check in report.checks)


p1, p2, p3, y1, y2, y3 = sl.p1, sl.p2, sl.p3, sl.y1, sl.y2, sl.y3
WRONG = [
    # (step, wrong expression, what is wrong)
    ("telescope", sl.marginal1 * sl.joint / sl.marginal12, "one marginal left out"),
    ("sums-to-one", sp.Rational(1, 2), "half the probability mass"),
    ("next-token", p1[y1] * p2[y2] * p3[y1], "the wrong token scored at step 3"),
    (
        "sum-of-logs",
        -sp.log(p1[y1]) - sp.log(p2[y2]) + sp.log(p3[y3]),
        "a sign flipped",
    ),
    ("sum-of-logs", -sp.log(p1[y1] + p2[y2] + p3[y3]), "the log of a sum"),
    (
        "cross-entropies",
        sl.cross_entropy(p1, y1) + sl.cross_entropy(p2, y2) + sl.cross_entropy(p3, y2),
        "step 3 scored against the previous token",
    ),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the factorisation, numerically -----------------------------------------------------------------------


class TinyDecoder:
    """A random conditional model p(y_t | y_<t, x): a tanh recurrent decoder with a softmax output."""

    def __init__(self, vocabulary=4, hidden=5, seed=0):
        rng = np.random.default_rng(seed)
        self.V = vocabulary
        # The last row embeds the start symbol.
        self.embed = rng.standard_normal((vocabulary + 1, hidden))
        self.W = 0.8 * rng.standard_normal((hidden, hidden))
        self.O = rng.standard_normal((vocabulary, hidden))
        # Stands for the encoder's summary of a source x.
        self.context = rng.standard_normal(hidden)

    def next_token(self, prefix):
        """The distribution of the next token given the true prefix (teacher forcing)."""
        s = np.tanh(self.context)
        for token in [self.V, *prefix]:
            s = np.tanh(self.W @ s + self.embed[token])
        logits = self.O @ s
        e = np.exp(logits - logits.max())
        return e / e.sum()

    def sequence_probability(self, sequence):
        return math.prod(
            self.next_token(sequence[:t])[sequence[t]] for t in range(len(sequence))
        )


def test_the_product_of_next_token_probabilities_is_a_distribution():
    model = TinyDecoder()
    total = sum(
        model.sequence_probability(seq)
        for seq in itertools.product(range(model.V), repeat=3)
    )
    assert total == pytest.approx(1.0, abs=1e-12)


def test_the_conditionals_of_the_joint_are_the_decoder_s():
    """Build the joint of all 3-token sequences, then recover p(y_2 | y_1) and p(y_3 | y_1, y_2) from its
    marginals, as the derivation defines them: they equal the decoder's softmax outputs."""
    model = TinyDecoder(seed=1)
    joint = np.empty((model.V,) * 3)
    for seq in itertools.product(range(model.V), repeat=3):
        joint[seq] = model.sequence_probability(seq)
    for a, b in itertools.product(range(model.V), repeat=2):
        first = joint[a].sum()
        assert first == pytest.approx(model.next_token(())[a])
        assert joint[a, b].sum() / first == pytest.approx(model.next_token((a,))[b])
        assert np.allclose(joint[a, b] / joint[a, b].sum(), model.next_token((a, b)))


def test_the_loss_is_the_sum_of_per_step_cross_entropies():
    model = TinyDecoder(seed=2)
    rng = np.random.default_rng(3)
    for _ in range(10):
        target = tuple(int(t) for t in rng.integers(0, model.V, 3))
        per_step = 0.0
        for t in range(3):
            one_hot = np.eye(model.V)[target[t]]
            per_step += -np.sum(one_hot * np.log(model.next_token(target[:t])))
        assert per_step == pytest.approx(
            -math.log(model.sequence_probability(target)), rel=1e-12
        )


def test_the_worked_example_on_the_page():
    """Probabilities 0.5, 0.4, 0.8: a loss of 1.833 nats, -ln 0.16."""
    loss = -math.log(0.5) - math.log(0.4) - math.log(0.8)
    assert round(loss, 3) == 1.833
    assert loss == pytest.approx(-math.log(0.16))
    assert [round(-math.log(p), 3) for p in (0.5, 0.4, 0.8)] == [0.693, 0.916, 0.223]


# --- the diagram -------------------------------------------------------------------------------------


def test_the_diagram_has_the_stated_cells(diagram):
    fig = diagram.figure()
    gids = [patch.get_gid() for patch in fig.axes[0].patches]
    assert gids.count("encoder-cell") == 3  # "three encoder cells"
    assert gids.count("decoder-cell") == 4  # "four decoder cells"
    assert gids.count("context") == 1  # "one context vector"


def test_the_decoder_is_teacher_forced(diagram):
    """Each decoder input is the previous step's training target: the true previous word."""
    inputs, outputs = diagram.decoder_inputs(), diagram.decoder_outputs()
    assert inputs[0] == diagram.START and outputs[-1] == diagram.END
    assert inputs[1:] == outputs[:-1]
    texts = {text.get_text() for text in diagram.figure().axes[0].texts}
    for word in (*diagram.SOURCE, *diagram.TARGET):
        assert f"“{word}”" in texts
