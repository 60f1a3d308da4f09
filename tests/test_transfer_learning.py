"""The transfer-learning page: the frozen-features derivation holds, wrong variants are rejected and named, the
network behind the figure computes what it claims, and the accuracies the page quotes are what it finds."""

import numpy as np
import pytest
import sympy as sp
from sitetools import figure_script

from derivations import get, verify
from derivations.catalogue import frozen_features as ff

ID = "frozen-features-convex-head"


@pytest.fixture(scope="module")
def sim():
    return figure_script("plot_transfer_learning")


@pytest.fixture(scope="module")
def results(sim):
    return {task: sim.experiment(task) for task in sim.TASKS}


def test_the_derivation_verifies():
    derivation = get(ID)
    report = verify(derivation)
    assert len(report.checks) == len(derivation.steps)
    assert all(check.points >= 20 for check in report.checks)


k, K, j, d, t = ff.k, ff.K, ff.j, ff.d, ff.t
W, V, h, b, q, u, z = ff.W, ff.V, ff.h, ff.b, ff.q, ff.u, ff.z
WRONG = [
    # (step, wrong expression, what is wrong)
    (
        "expand",
        sp.Sum(W[k, j] * h[j], (j, 1, d))
        + b[k]
        + t * sp.Sum(V[k, j] * h[j], (j, 1, d)),
        "the bias direction dropped",
    ),
    (
        "linear-term-vanishes",
        sp.Derivative(ff.log_partition, (t, 2)) - u[ff.c],
        "the linear term kept",
    ),
    (
        "softmax-average",
        sp.Sum(q[k] * u[k], (k, 1, K)),
        "a first derivative where the second belongs",
    ),
    (
        "second-moment-minus-square",
        sp.Sum(q[k] * u[k] ** 2, (k, 1, K)) + ff.mean_change**2,
        "wrong sign",
    ),
    (
        "variance",
        sp.Sum(q[k] * (u[k] - ff.mean_change), (k, 1, K)),
        "the square forgotten",
    ),
    ("nonnegative", sp.Integer(1), "a sum of zeros is not one"),
]


@pytest.mark.parametrize(
    "key, wrong, what", WRONG, ids=[f"{w[0]}:{w[2]}" for w in WRONG]
)
def test_a_wrong_step_is_rejected_and_named(key, wrong, what, rejects):
    rejects(ID, key, wrong)


# --- the network behind the figure ------------------------------------------------------------------


def small_network(sim, seed=3, hidden=6, classes=4, examples=7):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(0, 0.5, (2, 5, hidden)),
        "b1": rng.normal(0, 0.3, (2, hidden)),
        "W2": rng.normal(0, 0.5, (2, hidden, classes)),
        "b2": rng.normal(0, 0.3, (2, classes)),
    }
    x = rng.uniform(0, 1, (2, examples, 5))
    labels = rng.integers(0, classes, (2, examples))
    return params, x, np.eye(classes)[labels], labels


def test_back_propagation_matches_finite_differences(sim):
    params, x, onehot, _ = small_network(sim)
    grads = sim.gradients(params, x, onehot)
    step = 1e-6
    for name, value in params.items():
        for index in np.ndindex(value.shape):
            up = {key: v.copy() for key, v in params.items()}
            down = {key: v.copy() for key, v in params.items()}
            up[name][index] += step
            down[name][index] -= step
            network = index[0]
            slope = (
                sim.loss(up, x, onehot)[network] - sim.loss(down, x, onehot)[network]
            ) / (2 * step)
            assert grads[name][index] == pytest.approx(slope, rel=1e-5, abs=1e-8), (
                name,
                index,
            )


def test_a_frozen_body_does_not_move(sim):
    params, x, _, labels = small_network(sim)
    trained = sim.train(params, x, labels, 20, sim.HEAD_ONLY)
    assert np.array_equal(trained["W1"], params["W1"]) and np.array_equal(
        trained["b1"], params["b1"]
    )
    assert not np.allclose(trained["W2"], params["W2"])


def test_the_head_loss_curves_upward_along_every_line(sim):
    """The derivation's claim, checked on the figure's own loss: with the body fixed, second differences of the
    loss along random lines in the head's weights are never negative."""
    params, x, onehot, _ = small_network(sim)
    rng = np.random.default_rng(11)
    for _ in range(50):
        direction = {
            "W2": rng.normal(size=params["W2"].shape),
            "b2": rng.normal(size=params["b2"].shape),
        }

        def along(s, direction=direction):
            moved = dict(
                params,
                W2=params["W2"] + s * direction["W2"],
                b2=params["b2"] + s * direction["b2"],
            )
            return sim.loss(moved, x, onehot)

        s, step = rng.uniform(-2, 2), 1e-3
        assert np.all(along(s + step) - 2 * along(s) + along(s - step) >= -1e-12)


def test_head_training_finds_the_same_minimum_from_any_start(sim):
    """Convex (and strictly so with weight decay): two random heads on the same frozen body end at the same loss."""
    params, x, _, labels = small_network(sim)
    rng = np.random.default_rng(5)
    body = {"W1": params["W1"][:1].repeat(2, 0), "b1": params["b1"][:1].repeat(2, 0)}
    heads = {
        "W2": rng.normal(0, 2, params["W2"].shape),
        "b2": rng.normal(0, 2, params["b2"].shape),
    }
    start = {**body, **heads}
    same_data = x[:1].repeat(2, 0), labels[:1].repeat(2, 0)
    trained = sim.train(start, *same_data, 3000, sim.HEAD_ONLY)
    final = sim.loss(trained, same_data[0], np.eye(4)[same_data[1]])
    assert (
        sim.loss(start, same_data[0], np.eye(4)[same_data[1]]).min() > final.max() + 0.1
    )
    assert final[0] == pytest.approx(final[1], abs=1e-3)


# --- the numbers on the page and in the caption -----------------------------------------------------


def mean(results, task, method):
    return results[task][method].mean(axis=1)


def test_the_source_networks_learned_their_tasks(results):
    for task in results:
        assert results[task]["source accuracy"] > 0.97


def test_new_classes_the_fresh_network_wins(sim, results):
    fresh = mean(results, "digits 5-9", "fresh network")
    frozen = mean(results, "digits 5-9", "frozen features + new head")
    tuned = mean(results, "digits 5-9", "fine-tuned")
    assert fresh[0] == pytest.approx(
        0.75, abs=0.01
    )  # "about 0.75 ... from one example per class"
    assert fresh[-1] == pytest.approx(0.95, abs=0.01)  # "0.95 from twenty"
    gaps = fresh - frozen  # "frozen features stay 5 to 13 points behind"
    assert gaps.min() == pytest.approx(0.05, abs=0.006) and gaps.max() == pytest.approx(
        0.13, abs=0.006
    )
    five_on = (
        np.array(sim.SIZES) >= 5
    )  # "fine-tuning only catches up from five examples per class on"
    assert np.all(np.abs(fresh - tuned)[five_on] < 0.01)
    assert np.all((fresh - tuned)[~five_on] > 0.03)


def test_new_question_transfer_wins(results):
    fresh = mean(results, "parity", "fresh network")
    for method in (
        "frozen features + new head",
        "fine-tuned",
    ):  # "by 2 to 5 points" at every size
        gains = mean(results, "parity", method) - fresh
        assert gains.min() > 0.015 and gains.max() < 0.055
    assert mean(results, "parity", "frozen features + new head")[-1] == pytest.approx(
        0.88, abs=0.006
    )
    assert fresh[-1] == pytest.approx(0.85, abs=0.006)


def test_the_experiment_is_as_described(sim):
    x, _ = sim.digits()
    assert x.shape == (1797, 64) and 0 <= x.min() and x.max() == 1
    source_x, _, target_x, target_y = sim.tasks("parity", np.random.default_rng(0))
    assert len(source_x) == 900 and set(np.unique(target_y)) == {0, 1}
    _, _, target_x, target_y = sim.tasks("digits 5-9", np.random.default_rng(0))
    assert set(np.unique(target_y)) == set(range(5)) and len(
        target_x
    ) > sim.TEST + 5 * max(sim.SIZES)
    assert (
        sim.DRAWS == 6
        and sim.TEST == 400
        and sim.STEPS == 100
        and sim.FINE_TUNE_FACTOR == 0.1
    )


def test_the_figure_has_two_panels(sim):
    assert len(sim.figure().axes) == 2
