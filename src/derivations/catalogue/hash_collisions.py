"""Accidental hash collisions: the expected number of pairs of objects sharing a b-bit id.

Model: every object's id is drawn uniformly and independently from the 2^b possible ids, which is how
a good hash behaves on content nobody chose in order to collide (it says nothing about deliberate
attacks). Two given objects then share an id with probability 2^-b. Summing over the n(n-1)/2 pairs
gives the expected number of colliding pairs, which also bounds the probability of any collision
(Markov's inequality, or the union bound over pairs). The second part finds the number of objects at
which the bound reaches one half: about 2^(b/2), the birthday bound.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as M
from derivations.display import reciprocal
from derivations.model import Assume, Define, Derivation, Part, Rel, Step, Value

n = sp.Symbol("n", integer=True, positive=True)
b = sp.Symbol("b", integer=True, positive=True)
q = sp.Symbol("q", positive=True)
pairs = sp.Symbol(r"\mathbb{E}[C]", nonnegative=True)
half = sp.Rational(1, 2)


def expected_pairs(objects, bits):
    """The expected number of colliding pairs among `objects` ids of `bits` bits."""
    return objects * (objects - 1) / 2 ** (bits + 1)


DERIVATION = Derivation(
    id="hash-collision-bound",
    title="How likely two objects share a hash",
    summary=(
        "With $n$ objects and ids drawn uniformly from $2^b$ values, the expected number of pairs with the "
        "same id is $n(n-1)/2^{b+1}$, which also bounds the probability of any collision; it reaches "
        "one half only at $n = 2^{b/2}$ objects."
    ),
    assumptions=(
        Assume(n, sp.Range(2, 10**4), "the number of objects in the repository"),
        Assume(b, sp.Range(1, 300), "the number of bits in an id (160 for SHA-1, 256 for SHA-256)"),
    ),
    definitions=(
        Define(q, 2**-b, "the probability that two given objects get the same id, when ids are uniform and "
                         "independent over the $2^b$ possible values"),
        Define(pairs, M(sp.binomial(n, 2), q),
               "the expected number of pairs whose ids are equal. By linearity of expectation it is the sum of "
               "one probability $q$ per pair of objects"),
    ),
    parts=(
        Part(
            "expected-pairs",
            "The expected number of colliding pairs",
            start=pairs,
            start_reason="The expected number of pairs of objects with the same id",
            steps=(
                Step("count-pairs", M(n * (n - 1) / 2, q),
                     "Choosing 2 of $n$ objects can be done in $n(n-1)/2$ ways"),
                Step("exact", M(n * (n - 1), reciprocal(2 ** (b + 1))), "Insert $q = 2^{-b}$"),
                Step("at-most-square", M(n**2, reciprocal(2 ** (b + 1))), "$n - 1 < n$", rel=Rel.LE),
            ),
        ),
        Part(
            "birthday-bound",
            "When a collision becomes likely",
            start=M(n**2, reciprocal(2 ** (b + 1))),
            start_reason="The bound above, which the probability of any collision cannot exceed either",
            steps=(
                Step("objects-for-half", sp.Eq(n, 2 ** (b / 2)),
                     "Set the bound to $1/2$ and solve for $n > 0$", rel=Rel.SOLVE, condition=half),
            ),
        ),
    ),
    values=(
        Value("sha1-billion", sp.Symbol(r"\mathbb{E}[C]_{10^9,\,160}"), expected_pairs(sp.Integer(10) ** 9, 160),
              "the expected number of colliding pairs among a billion objects with 160-bit (SHA-1) ids", digits=4),
        Value("sha1-half", sp.Symbol(r"n_{1/2,\,160}"), sp.Integer(2) ** 80,
              "the number of objects at which the bound reaches one half for 160-bit ids", digits=4),
        Value("sha256-billion", sp.Symbol(r"\mathbb{E}[C]_{10^9,\,256}"), expected_pairs(sp.Integer(10) ** 9, 256),
              "the same expected number for 256-bit (SHA-256) ids", digits=4),
    ),
    references=cite("stevens2017"),
)
