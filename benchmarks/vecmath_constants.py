"""Derivation of the constants in algrad/lowering/vecmath_*.py, with mpmath.

Run ``python -m benchmarks.vecmath_constants``.  It prints

* 2/pi to 1248 bits in hex (vecmath_trig.TWO_OVER_PI_HEX) and ln 2, pi/2 to
  60 digits (vecmath_core.LN2, PI_HALF);
* for every truncated Taylor series, the size of the first dropped term
  relative to the function on the reduced interval, which is the
  truncation error the degree was chosen for (float64: below 2**-56,
  float32: below 2**-26).
"""
from __future__ import annotations

import mpmath

# (name, interval half-width, function, its Taylor term n as a function of r,
#  index of the first dropped term)
SERIES = [
    ("exp f64, r**14/14!", mpmath.log(2) / 2, mpmath.exp, lambda r, n: r**n / mpmath.factorial(n), 14),
    ("exp f32, r**8/8!", mpmath.log(2) / 2, mpmath.exp, lambda r, n: r**n / mpmath.factorial(n), 8),
    ("sin f64, r**19/19!", mpmath.pi / 4, mpmath.sin, lambda r, n: r**n / mpmath.factorial(n), 19),
    ("cos f64, r**18/18!", mpmath.pi / 4, mpmath.cos, lambda r, n: r**n / mpmath.factorial(n), 18),
    ("sin f32, r**13/13!", mpmath.pi / 4, mpmath.sin, lambda r, n: r**n / mpmath.factorial(n), 13),
    ("cos f32, r**14/14!", mpmath.pi / 4, mpmath.cos, lambda r, n: r**n / mpmath.factorial(n), 14),
]

# log: 2 atanh(s) = sum 2 s**(2j+1) / (2j+1), |s| <= (sqrt2 - 1)/(sqrt2 + 1);
# the remainder after term j is below term j+1 / (1 - s**2).
ATANH = [("log f64, j = 11", 11), ("log f32, j = 5", 5), ("pow log tail, j = 12", 12)]


def two_over_pi_hex(bits=1248):
    with mpmath.workprec(bits + 64):
        return format(int(mpmath.floor(2 / mpmath.pi * mpmath.mpf(2) ** bits)), "x")


def main():
    mpmath.mp.prec = 200
    print("2/pi, 1248 bits:", two_over_pi_hex())
    print("ln 2:", mpmath.nstr(mpmath.log(2), 60))
    print("pi/2:", mpmath.nstr(mpmath.pi / 2, 60))
    print("first dropped Taylor term relative to the function (log2):")
    for name, half_width, fn, term, n in SERIES:
        worst = max(abs(term(r, n) / fn(r)) for r in (half_width, -half_width, half_width / 2))
        print(f"  {name:<22} {float(mpmath.log(worst, 2)):7.1f}")
    s_max = (mpmath.sqrt(2) - 1) / (mpmath.sqrt(2) + 1)
    for name, j in ATANH:
        term = 2 * s_max ** (2 * j + 1) / (2 * j + 1) / (1 - s_max**2)
        worst = term / (2 * mpmath.atanh(s_max))
        print(f"  {name:<22} {float(mpmath.log(worst, 2)):7.1f}")


if __name__ == "__main__":
    main()
