"""What common 3x3 filters do to flat regions and ramps, and why histogram equalization flattens a histogram.

A 3x3 filter replaces each pixel by a weighted sum of its neighbourhood, out(y, x) = sum_{u,v} K_uv I(y+u, x+v)
for u, v in {-1, 0, 1} (the correlation that deep-learning libraries call convolution). The parts show
that a normalised blur (box or Gaussian) leaves a constant region unchanged, that the Sobel kernel for
horizontal change answers a ramp with 8 times its horizontal slope whatever its vertical slope and level,
and that the sharpen kernel leaves ramps, flat regions included, unchanged. The last part is the
continuous version of histogram equalization: mapping an intensity through its own CDF gives a uniform
value, shown for the family of CDFs x^gamma on [0, 1] (Otsu, 1979, treats the grey-level histogram as a
distribution in the same way).

Notes for authors:
- The kernel offsets u and v are summation indices over -1, 0, 1, so every sum is written out and checked
  symbolically. The ramp's level c, slopes and pixel position are free symbols.
"""

import sympy as sp

from derivations.bibliography import cite
from derivations.display import product as times
from derivations.display import total as plus
from derivations.model import Assume, Define, Derivation, Part, Step

u = sp.Symbol("u", integer=True)
v = sp.Symbol("v", integer=True)
r = sp.Symbol("r", integer=True)  # summation index of the normalisation only
s = sp.Symbol("s", integer=True)  # summation index of the normalisation only

c = sp.Symbol("c", real=True)
alpha = sp.Symbol("alpha", real=True)
beta = sp.Symbol("beta", real=True)
x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
k = sp.IndexedBase("k", positive=True)
w = sp.IndexedBase("w", positive=True)
gamma = sp.Symbol("gamma", positive=True)
q = sp.Symbol("q", positive=True)
cdf = sp.Function("F_X")
pixel = sp.Function("I")  # the ramp at an offset from the pixel


def window(expr):
    """The sum of `expr` over the 3x3 neighbourhood, offsets u and v from -1 to 1."""
    return sp.Sum(sp.Sum(expr, (v, -1, 1)), (u, -1, 1))


def ramp(du, dv):
    """The ramp image c + alpha * (x + dv) + beta * (y + du) at offset (du, dv) from the pixel (y, x)."""
    return plus(c, times(alpha, x + dv), times(beta, y + du))


NEIGHBOURS = ((-1, 0), (1, 0), (0, -1), (0, 1))  # above, below, left, right
sobel = times(v, 2 - sp.Abs(u))  # rows (-1, 0, 1), (-2, 0, 2), (-1, 0, 1)

DERIVATION = Derivation(
    id="convolution-filters",
    title="Blur, Sobel and sharpen kernels on flat regions and ramps, and histogram equalization",
    summary=(
        "A blur kernel whose weights sum to one leaves a constant region unchanged; the Sobel kernel for "
        "horizontal change sums to zero and answers a ramp with 8 times its horizontal slope; the sharpen "
        "kernel sums to one and leaves every ramp unchanged. Mapping an intensity through its CDF gives a "
        "uniform value."
    ),
    assumptions=(
        Assume(
            c, sp.S.Reals, "the brightness of a constant region, or the level of a ramp"
        ),
        Assume(
            alpha, sp.S.Reals, "the ramp's change of brightness per pixel to the right"
        ),
        Assume(beta, sp.S.Reals, "the ramp's change of brightness per pixel downward"),
        Assume(x, sp.S.Reals, "the column of the pixel"),
        Assume(y, sp.S.Reals, "the row of the pixel"),
        Assume(
            k,
            sp.Interval.open(0, sp.oo),
            "$k_{uv} > 0$, unnormalised blur weights: all 1 for a box blur, "
            "$e^{-(u^2 + v^2)/(2\\sigma^2)}$ for a Gaussian",
            sample=(0.1, 3),
        ),
        Assume(
            w,
            sp.Interval.open(0, sp.oo),
            "$w_{uv}$, the normalised weights (defined below)",
        ),
        Assume(
            gamma,
            sp.Interval.open(0, sp.oo),
            "the shape of the intensity distribution",
            sample=(0.2, 5),
        ),
        Assume(q, sp.Interval.open(0, 1), "a probability level"),
    ),
    definitions=(
        Define(
            pixel(u, v),
            ramp(u, v),
            "a ramp: the brightness at offset $(u, v)$ from the pixel in row $y$ and column $x$",
        ),
        Define(
            w[u, v],
            k[u, v] / sp.Sum(sp.Sum(k[r, s], (s, -1, 1)), (r, -1, 1)),
            "the blur weights divided by their sum, so that they sum to 1",
        ),
        Define(
            cdf(x),
            x**gamma,
            "the CDF of an intensity $X$ on $[0, 1]$: $\\gamma < 1$ piles intensities up near 0 (a dark "
            "image), $\\gamma > 1$ near 1 (a bright one)",
        ),
    ),
    parts=(
        Part(
            "blur-flat",
            "A normalised blur keeps a constant region",
            start=window(times(w[u, v], c)),
            start_reason="The blurred value of a pixel whose whole neighbourhood has brightness $c$",
            steps=(
                Step(
                    "blur-factor",
                    times(c, window(w[u, v])),
                    "$c$ is the same in every term",
                ),
                Step("blur-unchanged", c, "The normalised weights sum to 1"),
            ),
        ),
        Part(
            "sobel-ramp",
            "Sobel measures the horizontal slope",
            start=window(times(sobel, ramp(u, v))),
            start_reason=(
                "The Sobel kernel for horizontal change, $K_{uv} = v (2 - |u|)$, applied to the ramp "
                "$I(y + u, x + v) = c + \\alpha (x + v) + \\beta (y + u)$"
            ),
            steps=(
                Step(
                    "sobel-split",
                    plus(
                        times(plus(c, times(alpha, x), times(beta, y)), window(sobel)),
                        times(alpha, window(times(sobel, v))),
                        times(beta, window(times(sobel, u))),
                    ),
                    "Split the ramp into its part that does not depend on the offset and its two slopes",
                ),
                Step(
                    "sobel-sums-to-zero",
                    plus(
                        times(alpha, window(times(sobel, v))),
                        times(beta, window(times(sobel, u))),
                    ),
                    "The kernel's entries sum to 0, so a constant, flat region gives 0",
                ),
                Step(
                    "sobel-vertical-cancels",
                    times(alpha, window(times(sobel, v))),
                    "Each column $v$ of $u\\,v\\,(2 - |u|)$ is odd in $u$, so the vertical slope drops out",
                ),
                Step(
                    "sobel-eight",
                    times(8, alpha),
                    "The weights $v^2 (2 - |u|)$ add up to $2 (1 + 2 + 1) = 8$",
                ),
            ),
        ),
        Part(
            "sharpen-ramp",
            "Sharpening leaves ramps unchanged",
            start=plus(
                times(5, pixel(0, 0)),
                *(times(-1, pixel(du, dv)) for du, dv in NEIGHBOURS),
            ),
            start_reason="The sharpen kernel (5 at the centre, $-1$ at the four nearest neighbours) applied to the ramp $I$",
            steps=(
                Step(
                    "sharpen-identity-minus-laplacian",
                    plus(
                        pixel(0, 0),
                        times(
                            -1,
                            plus(
                                *(pixel(du, dv) for du, dv in NEIGHBOURS),
                                times(-4, pixel(0, 0)),
                            ),
                        ),
                    ),
                    "Write it as the pixel minus the discrete Laplacian: the sum of the four neighbours minus "
                    "four times the pixel",
                ),
                Step(
                    "sharpen-laplacian-zero",
                    pixel(0, 0),
                    "On a ramp, opposite neighbours differ from the pixel by equal and opposite amounts, so the "
                    "Laplacian is 0 and the output is the pixel's own value: the kernel sums to 1 and only changes the "
                    "image where its slope changes",
                ),
            ),
        ),
        Part(
            "equalization",
            "Mapping an intensity through its CDF makes it uniform",
            start=cdf(q ** (1 / gamma)),
            start_reason=(
                "$U = F_X(X)$ is at most $q$ exactly when $X$ is at most $q^{1/\\gamma}$, the intensity where "
                "$F_X$ reaches $q$; so $P(U \\le q) = F_X(q^{1/\\gamma})$"
            ),
            steps=(
                Step(
                    "equalization-power",
                    sp.Pow(q ** (1 / gamma), gamma, evaluate=False),
                    "Put $q^{1/\\gamma}$ into $F_X(x) = x^\\gamma$",
                ),
                Step(
                    "equalization-uniform",
                    q,
                    "Powers of a positive number multiply: $P(U \\le q) = q$ for every $q$ in $(0, 1)$, the CDF of "
                    "the uniform distribution",
                ),
            ),
        ),
    ),
    references=cite("otsu1979"),
)
