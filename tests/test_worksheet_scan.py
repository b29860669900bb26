"""Finding derivative claims in LaTeX and Markdown worksheets (scanning only, no parsing)."""
from algrad.teaching.worksheet import find_claims

LATEX = r"""\documentclass{article}
\begin{document}
A price of \$5 is not math.
\begin{align*}
\frac{d}{dx}\left( x^2 \sin x \right) &= 2x \sin x + x^2 \cos x \\
&= x(2\sin x + x\cos x) \label{eq:one}
\end{align*}
\[ \frac{d^2}{dx^2} e^{3x} = 9e^{3x} \]
$$ \frac{\partial}{\partial y} x y^2 = 2xy $$
\begin{equation} \dfrac{\mathrm{d}}{\mathrm{d}t} \ln t = \frac{1}{t}. \end{equation}
Inline $\frac{d}{dx} \cos x = -\sin x$ and an unrelated $a = b$.
\begin{equation*} \frac{d}{du}[u^3] = 3u^2 \end{equation*}
\( \frac{d}{d x} \tan x = \sec^2 x \)
\end{document}
"""


def test_claims_in_latex():
    claims = find_claims(LATEX)
    got = [(c.line, c.kind, c.function, c.claimed, c.variable, c.order) for c in claims]
    assert got == [
        (5, "derivative", r"x^2 \sin x", r"2x \sin x + x^2 \cos x", "x", 1),
        (6, "equal", r"2x \sin x + x^2 \cos x", r"x(2\sin x + x\cos x)", "", 1),
        (8, "derivative", "e^{3x}", "9e^{3x}", "x", 2),
        (9, "derivative", "x y^2", "2xy", "y", 1),
        (10, "derivative", r"\ln t", r"\frac{1}{t}", "t", 1),
        (11, "derivative", r"\cos x", r"-\sin x", "x", 1),
        (12, "derivative", "u^3", "3u^2", "u", 1),
        (13, "derivative", r"\tan x", r"\sec^2 x", "x", 1),
    ]


def test_chains_on_one_line_link_each_side_to_the_one_before():
    claims = find_claims(r"$\frac{d}{dx} (x+1)^2 = 2(x+1) = 2x + 2$")
    assert [(c.kind, c.function, c.claimed) for c in claims] == [
        ("derivative", "(x+1)^2", "2(x+1)"),
        ("equal", "2(x+1)", "2x + 2"),
    ]


def test_markdown_code_is_not_math():
    text = "Text\n```\n$\\frac{d}{dx} x = 5$\n```\nand `$x$` then $\\frac{d}{dx} x^3 = 3x^2$\n"
    claims = find_claims(text)
    assert [(c.line, c.function, c.claimed) for c in claims] == [(5, "x^3", "3x^2")]


def test_equations_without_derivatives_are_ignored():
    assert find_claims(r"$$ y = x^2 $$ and \[ a + b = c \]") == []
