"""k-fold cross-validation: every example is validated once and trained on k - 1 times.

The examples are cut into k folds; round j fits on every fold but j and scores fold j. An example in
fold c is scored in round j exactly when j = c, which a Kronecker delta records, so counting its
rounds is summing deltas over j. With k folds of n examples each, every model is fitted on
(k - 1) n of the k n examples.

Notes for authors:
- k is a size symbol and c ranges over 1..k, so sums of deltas are checked size by size.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import reciprocal
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

k = sp.Symbol("k", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
c = sp.Symbol("c", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)

validated = sp.Symbol(r"V_c")
trained = sp.Symbol(r"T_c")
fraction = sp.Symbol(r"f_{\mathrm{train}}")

delta = sp.KroneckerDelta(j, c)

DERIVATION = Derivation(
    id="kfold-counts",
    title="What k-fold cross-validation does with each example",
    summary=(
        "In $k$-fold cross-validation every example is validated exactly once and used for training in "
        "$k - 1$ rounds; with folds of equal size, each model is trained on a fraction $(k - 1)/k$ of the data."
    ),
    assumptions=(
        Assume(k, sp.S.Naturals, "the number of folds", sizes=(2, 3, 5, 10)),
        Assume(j, sp.Range(1, k + 1), "the round, which validates on fold $j$"),
        Assume(c, sp.Range(1, k + 1), "the fold an example belongs to"),
        Assume(
            n, sp.S.Naturals, "the number of examples in each fold", sizes=(1, 7, 40)
        ),
    ),
    definitions=(
        Define(
            validated,
            sp.Sum(delta, (j, 1, k)),
            "the number of rounds that validate on an example of fold $c$: round $j$ does when $j = c$",
        ),
        Define(
            trained,
            sp.Sum(plus(1, -delta), (j, 1, k)),
            "the number of rounds that train on it: every round that does not validate on it",
        ),
        Define(
            fraction,
            times(plus(k, -1), n, reciprocal(times(k, n))),
            "the share of the data a round trains on: $k - 1$ folds of $n$ examples out of $k n$",
        ),
    ),
    parts=(
        Part(
            "validated-once",
            "Each example is validated once",
            start=validated,
            steps=(
                Step(
                    "sum-of-deltas",
                    sp.Sum(delta, (j, 1, k)),
                    "Count the rounds $j$ with $j = c$",
                ),
                Step("one-round", sp.S.One, "Exactly one of $1, \\dots, k$ equals $c$"),
            ),
        ),
        Part(
            "trained-k-minus-one",
            "Each example is trained on in the other rounds",
            start=trained,
            steps=(
                Step(
                    "complement",
                    sp.Sum(plus(1, -delta), (j, 1, k)),
                    "Count the rounds $j$ with $j \\ne c$",
                ),
                Step(
                    "split-sum",
                    plus(
                        sp.Sum(1, (j, 1, k)),
                        -sp.UnevaluatedExpr(sp.Sum(delta, (j, 1, k))),
                    ),
                    "Split the sum",
                ),
                Step(
                    "k-minus-one",
                    plus(k, -1),
                    "There are $k$ rounds, and one of them validates on the example",
                ),
            ),
        ),
        Part(
            "training-fraction",
            "The share of the data each model sees",
            start=fraction,
            steps=(
                Step(
                    "folds",
                    times(plus(k, -1), n, reciprocal(times(k, n))),
                    "$k - 1$ folds of $n$ examples, out of $k n$",
                ),
                Step("cancel", times(plus(k, -1), reciprocal(k)), "Cancel $n$"),
                Step(
                    "one-minus",
                    plus(1, -reciprocal(k)),
                    "Split the fraction: each model misses one $k$-th of the data",
                ),
            ),
        ),
    ),
    references=cite("stone1974"),
)
