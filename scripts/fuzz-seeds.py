#!/usr/bin/env python3
"""Writes the seed corpora of `make fuzz` (one folder per newswatch-fuzz target) from the test
fixtures, the seeds and the example config, so the fuzzer starts from real inputs and no copies are
committed. Usage: scripts/fuzz-seeds.py OUTDIR"""
import pathlib
import re
import shutil
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent


def copy(files, folder):
    for path in files:
        shutil.copyfile(path, folder / path.name)


def write(texts, folder, suffix):
    for number, text in enumerate(texts):
        (folder / f"{number:03d}{suffix}").write_text(text, encoding="utf-8")


def swift_strings(path, call):
    """The string literals passed to `call(` in a Swift test file, unescaped."""
    source = path.read_text(encoding="utf-8")
    found = re.findall(re.escape(call) + r'\("((?:[^"\\]|\\.)*)"', source)
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "0": "\0"}
    return [re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text) for text in found]


def swift_blocks(path):
    """The multi-line string literals of a Swift test file, dedented as Swift does."""
    source = path.read_text(encoding="utf-8")
    return [textwrap.dedent(block) for block in re.findall(r'"""\n(.*?)\n\s*"""', source, re.S)]


def main(out):
    fixtures = ROOT / "Tests/NewswatchParseTests/Fixtures"
    targets = {name: out / name for name in
               ("feed-parser", "html-extractor", "plain-text-reader", "rule-query", "config-loader")}
    for folder in targets.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    copy([p for p in sorted(fixtures.iterdir()) if ".expected." not in p.name] + [ROOT / "seeds/news.de.rss"],
         targets["feed-parser"])
    copy(sorted((ROOT / "Tests/NewswatchParseTests/Pages").glob("*.html")) + sorted(fixtures.glob("*.html")),
         targets["html-extractor"])
    copy(sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "Tests/NewswatchNormalizeTests/Articles").glob("*.txt")),
         targets["plain-text-reader"])

    config = (ROOT / "Config/newswatch.toml").read_text(encoding="utf-8")
    queries = re.findall(r"^query = '(.*)'$", config, re.M)
    for test in sorted((ROOT / "Tests/NewswatchRulesTests").glob("*.swift")):
        queries += swift_strings(test, "parser.parse") + swift_strings(test, "failure")
    write(sorted(set(queries)), targets["rule-query"], ".query")

    configs = [config]
    for test in sorted((ROOT / "Tests/NewswatchConfigTests").glob("*.swift")):
        configs += swift_blocks(test) + swift_strings(test, "")
    write(configs, targets["config-loader"], ".toml")

    for name, folder in targets.items():
        print(f"{name}: {len(list(folder.iterdir()))} seeds")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]))
