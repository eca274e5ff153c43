#!/usr/bin/env python3
"""Copies bench/results/latest.md into README.md's Performance section, between the two marker
comments, with its headings moved two levels down — so the README shows the tables `make bench` just
wrote, never figures retyped by hand."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BEGIN = "<!-- bench tables: written by bench/readme_tables.py from bench/results/latest.md -->"
END = "<!-- end of bench tables -->"


def main():
    with open(os.path.join(HERE, "results", "latest.md")) as f:
        tables = f.read().strip()
    # latest.md links its chart relative to bench/results/; the README sits two levels up.
    tables = tables.replace("](latest.png)", "](bench/results/latest.png)")
    tables = re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", tables, flags=re.M)
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        readme = f.read()
    if BEGIN not in readme or END not in readme:
        sys.exit(f"readme_tables: README.md has no '{BEGIN}' … '{END}' markers")
    start = readme.index(BEGIN) + len(BEGIN)
    end = readme.index(END)
    with open(path, "w") as f:
        f.write(readme[:start] + "\n\n" + tables + "\n\n" + readme[end:])
    print("readme_tables: README.md's Performance section now shows bench/results/latest.md")


if __name__ == "__main__":
    main()
