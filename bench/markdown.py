"""How long the markdown renderer takes on the worst shapes of input we know.

    .venv/bin/python -m bench.markdown              # 20 kB and 200 kB of each shape
    .venv/bin/python -m bench.markdown --sizes 50000 100000 --shapes '<a' '*_'

Prints a table (shape, size, ms, ms per kB). Every markdown field must render its
longest allowed input of any shape in under a second (minutes: 200,000 characters;
terms of reference 50,000; updates, decisions, agenda items and declarations 20,000);
tests/security/test_markdown_speed.py checks the same shapes for linear growth.
"""

import argparse
import time
from pathlib import Path


def _repeat(unit: str):
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _lines(unit: str):
    return _repeat(unit + "\n")


def _nested_lists(n: int) -> str:
    out, depth = [], 0
    while sum(map(len, out)) < n:
        out.append("    " * depth + "- item\n")
        depth = (depth + 1) % 40
    return "".join(out)[:n]


_GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "minutes" / "golden" / "minutes.md"

# name -> function(size in characters) -> source
SHAPES = {
    # the shapes of issue 16: repeated openers that never close
    "<a": _repeat("<a"),
    "<http://": _repeat("<http://"),
    "definition lists": _repeat("a\n: b\n"),
    "*[": _repeat("*["),
    "*_": _repeat("*_"),
    "backticks": _repeat("`"),
    "backtick runs": _repeat("`` ` x "),
    # other openers
    "[": _repeat("["),
    "[x](": _repeat("[x]("),
    "![": _repeat("!["),
    "**a": _repeat("**a"),
    "_a": _repeat("_a"),
    "&": _repeat("&"),
    "&#": _repeat("&#"),
    "<": _repeat("<"),
    "<p x=": _repeat("<p x="),
    "<!--": _repeat("<!--"),
    "<div>": _repeat("<div>"),
    "<a@b": _repeat("<a@b"),
    "\\": _repeat("\\"),
    # nesting
    "> nested quotes": _repeat(">"),
    "> quote lines": _lines("> > > > x"),
    "nested lists": _nested_lists,
    "* nested stars": _repeat("* "),
    # long lines and many short lines
    "long line of words": _repeat("word "),
    "short lines": _lines("x"),
    "blank lines": _repeat("\n"),
    "table rows": lambda n: "a|b\n-|-\n" + _lines("|x|y")(n),
    "fences": _lines("```"),
    "headings": _lines("# x"),
    "list items": _lines("- x"),
    # what people write
    "normal minutes": lambda n: _repeat(_GOLDEN.read_text() + "\n")(n),
}

DEFAULT_SIZES = (20_000, 200_000)


def measure(source: str) -> float:
    """Seconds to render source once (after one warm-up render of a short text)."""
    from board.common.markdown import render_markdown

    render_markdown("warm *up*")
    started = time.perf_counter()
    render_markdown(source)
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES))
    args = parser.parse_args(argv)
    print(f"| {'shape':<20} | {'size':>8} | {'ms':>8} | {'ms per kB':>9} |")
    print(f"|{'-' * 22}|{'-' * 10}|{'-' * 10}|{'-' * 11}|")
    for name in args.shapes:
        for size in args.sizes:
            try:
                seconds = measure(SHAPES[name](size))
            except RecursionError:
                print(f"| {name:<20} | {size:>8,} | {'fails: RecursionError':>22} |", flush=True)
                continue
            print(
                f"| {name:<20} | {size:>8,} | {seconds * 1000:>8.1f} | {seconds * 1000 / (size / 1000):>9.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
