"""Learning curves of logistic regression trained by mini-batch gradient descent on the breast cancer data: the training loss keeps falling, the validation loss stops improving.

The data are scikit-learn's breast cancer set, all 30 features, label 1 for malignant. A stratified split
puts 398 tumours in the training set and 171 in the validation set; every feature is standardized with
the mean and standard deviation of the training set. The model, one linear layer plus a sigmoid, starts
from zero weights and is trained for 300 epochs of mini-batch gradient descent with batches of 32 and
learning rate 0.1, the batches reshuffled every epoch.

The plot shows the mean log loss on the training set and on the validation set after each epoch, on a
logarithmic loss axis, starting from log 2 ≈ 0.69 at epoch 0. Both fall steeply in the first ten epochs.
After that the training loss keeps falling, to about 0.044 at epoch 300, while the validation loss
reaches its lowest value, about 0.086, at epoch 33 (marked) and then creeps up to about 0.117. With 30
features the training classes are separable, so the training loss can approach zero by growing the
weights, which no longer helps on new data: the epoch with the lowest validation loss is where early
stopping would keep the weights.
"""

from functools import lru_cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

EPOCHS = 300
BATCH_SIZE = 32
LEARNING_RATE = 0.1
SEED = 1


@lru_cache(maxsize=1)
def split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X_train, y_train, X_val, y_val): a stratified 70/30 split, standardized with training statistics."""
    cancer = load_breast_cancer()
    X_train, X_val, y_train, y_val = train_test_split(
        cancer.data,
        1 - cancer.target,
        test_size=0.3,
        stratify=cancer.target,
        random_state=SEED,
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, y_train, (X_val - mean) / std, y_val


def mean_log_loss(w, b, X, y):
    z = X @ w + b
    return np.mean(
        np.logaddexp(0, z) - y * z
    )  # log(1 + e^z) - y z, the log loss in the score


def train(
    X_train,
    y_train,
    X_val,
    y_val,
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    learning_rate=LEARNING_RATE,
    seed=SEED,
):
    """Mini-batch gradient descent on the log loss. Returns (w, b, training losses, validation losses), with
    the losses after each epoch, epoch 0 (the initial weights) first. The page shows this loop."""
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X_train.shape[1]), 0.0
    train_loss = [mean_log_loss(w, b, X_train, y_train)]
    val_loss = [mean_log_loss(w, b, X_val, y_val)]
    for _ in range(epochs):
        order = rng.permutation(len(y_train))
        for start in range(0, len(y_train), batch_size):
            batch = order[start : start + batch_size]
            X, y = X_train[batch], y_train[batch]
            z = X @ w + b  # forward: the linear layer
            p = 1 / (1 + np.exp(-z))  # forward: the sigmoid
            dz = (p - y) / len(y)  # backward: dL/dz of the batch's mean loss
            w = w - learning_rate * (X.T @ dz)  # update: dL/dw = X^T dz
            b = b - learning_rate * dz.sum()  # update: dL/db = sum of dz
        train_loss.append(mean_log_loss(w, b, X_train, y_train))
        val_loss.append(mean_log_loss(w, b, X_val, y_val))
    return w, b, np.array(train_loss), np.array(val_loss)


@lru_cache(maxsize=1)
def history():
    return train(*split())


def figure() -> Figure:
    _, _, train_loss, val_loss = history()
    epochs = np.arange(len(train_loss))
    fig = Figure(figsize=(6.0, 3.4))
    ax = fig.subplots()
    ax.semilogy(epochs, train_loss, label="training loss (398 tumours)")
    ax.semilogy(epochs, val_loss, label="validation loss (171 tumours)")
    best = int(np.argmin(val_loss))
    ax.plot(best, val_loss[best], "o", color=rcParams["text.color"], linestyle="none")
    ax.annotate(
        f"lowest validation loss\n(epoch {best})",
        xy=(best, val_loss[best]),
        xytext=(best + 30, 0.3),
        arrowprops={
            "arrowstyle": "-",
            "shrinkB": 4,
            "linewidth": 0.8,
            "color": rcParams["text.color"],
        },
    )
    ax.set(
        xlim=(0, len(epochs) - 1),
        ylim=(0.035, 0.8),
        xlabel="epoch",
        ylabel="mean log loss (nats)",
    )
    ticks = [0.04, 0.06, 0.1, 0.2, 0.4, 0.69]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_yticks([], minor=True)
    ax.legend(loc="upper right")
    return fig
