"""Two transfers with few labelled examples: from digits 0-4 to the new classes 5-9 (left), and from the ten digits to their parity (right). Each panel compares a fresh network, frozen pretrained features with a new head, and fine-tuning.

All networks have the same shape (64 pixels of scikit-learn's 8x8 digits, 64 ReLU units, one softmax
output per class) and learn the target with 100 full-batch Adam steps. The pretrained network first
learned the source task: all images of the digits 0 to 4 (left), or 900 random images labelled with
their digit (right, whose target uses the other images). "Frozen features" keeps its hidden layer and
trains a new output layer only; "fine-tuned" trains both, the hidden layer at a tenth of the learning
rate. Each point is the mean test accuracy over 6 random draws of the labelled examples, measured on
400 held-out target images; the horizontal axis is the number of labelled examples per class, on a
logarithmic scale from 1 to 20.

Left, new classes: the fresh network is the most accurate, from about 0.75 with one example per class
to 0.95 with 20. Frozen features stay 5 to 13 points behind it: features trained to separate 0 to 4
discard pixel detail that separates 5 to 9. Fine-tuning is behind with one or two examples and within a
point of the fresh network from five on. Right, a new question about the same digits: frozen features
and fine-tuning are ahead of the fresh network at every size, by 2 to 5 points; with 20 examples per
class frozen features reach about 0.88 against 0.85. The point: pretrained features help when the
source task learned what the target needs, and can cost accuracy when it learned something else.
"""

from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_limits

HIDDEN = 64  # ReLU units of the hidden layer
PRETRAIN_STEPS = 300
STEPS = 100  # full-batch Adam steps on the few labelled target examples
LEARNING_RATE = 0.01
FINE_TUNE_FACTOR = (
    0.1  # the hidden layer's learning rate relative to the head's when fine-tuning
)
WEIGHT_DECAY = 1e-3
SIZES = (1, 2, 5, 10, 20)  # labelled examples per class
DRAWS = 6  # random draws of the labelled examples for each size
TEST = 400  # held-out target images
SOURCE_IMAGES = (
    900  # images the parity task's source network learns the ten digits from
)
TASKS = ("digits 5-9", "parity")
METHODS = ("fresh network", "frozen features + new head", "fine-tuned")
ALL_LAYERS = {"W1": 1.0, "b1": 1.0, "W2": 1.0, "b2": 1.0}
HEAD_ONLY = {"W1": 0.0, "b1": 0.0, "W2": 1.0, "b2": 1.0}
FINE_TUNE = {"W1": FINE_TUNE_FACTOR, "b1": FINE_TUNE_FACTOR, "W2": 1.0, "b2": 1.0}


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits as rows of 64 pixels in [0, 1], and their labels."""
    images, labels = load_digits(return_X_y=True)
    return images / 16.0, labels


def tasks(task: str, rng: np.random.Generator) -> tuple:
    """(source images, source labels, target images, target labels) of `task`.

    "digits 5-9": the source is every image of the digits 0 to 4, the target every image of 5 to 9 (labels
    0 to 4). "parity": the source is SOURCE_IMAGES random images with their digit (ten classes), the target
    the other images with their parity (0 even, 1 odd): the same digits, a new question about them."""
    x, labels = digits()
    if task == "digits 5-9":
        source = labels < 5
        return x[source], labels[source], x[~source], labels[~source] - 5
    order = rng.permutation(len(x))
    source, target = order[:SOURCE_IMAGES], order[SOURCE_IMAGES:]
    return x[source], labels[source], x[target], labels[target] % 2


def forward(params: dict, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations and output scores. Arrays carry a leading axis of independent networks."""
    hidden = np.maximum(x @ params["W1"] + params["b1"][:, None], 0.0)
    return hidden, hidden @ params["W2"] + params["b2"][:, None]


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def loss(params: dict, x: np.ndarray, onehot: np.ndarray) -> np.ndarray:
    """Mean cross-entropy plus WEIGHT_DECAY/2 times the squared weights, one value per network."""
    _, scores = forward(params, x)
    logp = np.log(softmax(scores))
    penalty = sum((params[k] ** 2).sum(axis=(1, 2)) for k in ("W1", "W2"))
    return -(onehot * logp).sum(axis=(1, 2)) / x.shape[1] + WEIGHT_DECAY / 2 * penalty


def gradients(params: dict, x: np.ndarray, onehot: np.ndarray) -> dict:
    """Back-propagation of `loss` for every network at once."""
    hidden, scores = forward(params, x)
    d_scores = (softmax(scores) - onehot) / x.shape[1]
    d_hidden = d_scores @ params["W2"].transpose(0, 2, 1) * (hidden > 0)
    return {
        "W2": hidden.transpose(0, 2, 1) @ d_scores + WEIGHT_DECAY * params["W2"],
        "b2": d_scores.sum(axis=1),
        "W1": x.transpose(0, 2, 1) @ d_hidden + WEIGHT_DECAY * params["W1"],
        "b1": d_hidden.sum(axis=1),
    }


def train(
    params: dict, x: np.ndarray, labels: np.ndarray, steps: int, rates: dict
) -> dict:
    """Full-batch Adam; `rates` scales the learning rate of each parameter (0 freezes it)."""
    params = {k: v.copy() for k, v in params.items()}
    onehot = np.eye(params["W2"].shape[-1])[labels]
    first = {k: np.zeros_like(v) for k, v in params.items()}
    second = {k: np.zeros_like(v) for k, v in params.items()}
    for t in range(1, steps + 1):
        grads = gradients(params, x, onehot)
        for k, g in grads.items():
            if rates[k] == 0:
                continue
            first[k] = 0.9 * first[k] + 0.1 * g
            second[k] = 0.999 * second[k] + 0.001 * g**2
            step = (first[k] / (1 - 0.9**t)) / (
                np.sqrt(second[k] / (1 - 0.999**t)) + 1e-8
            )
            params[k] = params[k] - LEARNING_RATE * rates[k] * step
    return params


def initial(
    rng: np.random.Generator, count: int, inputs: int, outputs: int
) -> tuple[np.ndarray, np.ndarray]:
    """`count` weight matrices with He-scaled normal entries, and zero biases."""
    return rng.normal(0.0, np.sqrt(2.0 / inputs), (count, inputs, outputs)), np.zeros(
        (count, outputs)
    )


def accuracy(params: dict, x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    _, scores = forward(params, np.broadcast_to(x, (params["W1"].shape[0], *x.shape)))
    return (scores.argmax(axis=-1) == labels).mean(axis=1)


@lru_cache(maxsize=2)
def experiment(task: str) -> dict:
    """Test accuracies, an array of shape (len(SIZES), DRAWS) for each method, and the pretrained network's
    accuracy on its own training images."""
    with threadpool_limits(
        1
    ):  # tiny matrices: one thread is fastest and does not fight other processes
        rng = np.random.default_rng(0)
        source_x, source_y, target_x, target_y = tasks(task, rng)
        source_classes, classes = int(source_y.max()) + 1, int(target_y.max()) + 1
        w1, b1 = initial(rng, 1, 64, HIDDEN)
        w2, b2 = initial(rng, 1, HIDDEN, source_classes)
        pretrained = train(
            {"W1": w1, "b1": b1, "W2": w2, "b2": b2},
            source_x[None],
            source_y,
            PRETRAIN_STEPS,
            ALL_LAYERS,
        )
        order = rng.permutation(len(target_x))
        test, pool = order[:TEST], order[TEST:]
        results = {method: np.zeros((len(SIZES), DRAWS)) for method in METHODS}
        for row, n in enumerate(SIZES):
            chosen = np.stack(
                [
                    np.concatenate(
                        [
                            rng.choice(pool[target_y[pool] == c], n, replace=False)
                            for c in range(classes)
                        ]
                    )
                    for _ in range(DRAWS)
                ]
            )
            xs, ys = target_x[chosen], target_y[chosen]
            w1, b1 = initial(rng, DRAWS, 64, HIDDEN)
            w2, b2 = initial(rng, DRAWS, HIDDEN, classes)
            fresh = train(
                {"W1": w1, "b1": b1, "W2": w2, "b2": b2}, xs, ys, STEPS, ALL_LAYERS
            )
            w2, b2 = initial(rng, DRAWS, HIDDEN, classes)  # the new head
            start = {
                "W1": np.repeat(pretrained["W1"], DRAWS, 0),
                "b1": np.repeat(pretrained["b1"], DRAWS, 0),
                "W2": w2,
                "b2": b2,
            }
            frozen = train(start, xs, ys, STEPS, HEAD_ONLY)
            tuned = train(start, xs, ys, STEPS, FINE_TUNE)
            for method, params in zip(METHODS, (fresh, frozen, tuned)):
                results[method][row] = accuracy(params, target_x[test], target_y[test])
        results["source accuracy"] = float(accuracy(pretrained, source_x, source_y)[0])
    return results


def figure() -> Figure:
    fig = Figure(figsize=(6.4, 3.4))
    panels = fig.subplots(1, 2, sharex=True)
    titles = ("New classes: 0-4, then 5-9", "New question: digit, then parity")
    for panel, task, title in zip(panels, TASKS, titles):
        results = experiment(task)
        for method, marker in zip(METHODS, ("o", "s", "^")):
            panel.plot(
                SIZES,
                results[method].mean(axis=1),
                marker=marker,
                markersize=4,
                label=method,
            )
        panel.set(
            xscale="log",
            xticks=SIZES,
            xticklabels=[str(n) for n in SIZES],
            title=title,
            xlabel="labelled examples per class",
        )
    panels[0].set(ylim=(0.5, 1.0), ylabel="test accuracy")
    panels[1].set(ylim=(0.5, 1.0))
    panels[0].legend(loc="lower right")
    return fig
