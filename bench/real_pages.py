#!/usr/bin/env python3
"""Real saved news pages with known main text, for the full-text benchmark's "real pages" table
(issue 8: quality on held-out real-world pages).

No network but Debian and PyPI is reachable, so the pages come from a PyPI package: newspaper4k's
source distribution (MIT) ships real pages saved from news sites (CNN, Time, Wired, Fox 13, the
Cleveland Plain Dealer, Yonhap, Arabic, Chinese, Japanese, Thai, Burmese, Latvian and Spanish
sites…) as tests/data/html/NAME.html, and the article text its tests expect for most of them as
tests/data/txt/NAME.txt. Every page with both is used, the page as saved and the expected text as
the gold. The expected text is what newspaper's extractor gives (its regression fixture), checked
by its authors: it is one extractor's notion of the article — the body paragraphs, sometimes a
caption or a promo line, never the headline — not an independent annotation, and newspaper4k is no
contender here. Nothing is committed: the sdist is fetched with pip at bench time (pinned version,
so the set is fixed), into OUTDIR.

usage: real_pages.py OUTDIR PYTHON
PYTHON is a Python whose pip can download from PyPI (run.sh's full-text venv). Writes
OUTDIR/pages/NAME.html and NAME.gold.txt (the layout of article_pages.py) and prints the count.
"""
import glob
import os
import shutil
import subprocess
import sys
import tarfile

PACKAGE = "newspaper4k"
VERSION = "0.9.6"


def fetch(outdir, python):
    """The sdist of PACKAGE==VERSION in OUTDIR/sdist. Its build backend (hatchling with the
    fancy-pypi-readme hook) is installed first so that pip can read the sdist's metadata without a
    build environment of its own."""
    sdist_dir = os.path.join(outdir, "sdist")
    found = glob.glob(os.path.join(sdist_dir, f"{PACKAGE}-{VERSION}.tar.gz"))
    if found:
        return found[0]
    os.makedirs(sdist_dir, exist_ok=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "hatchling", "hatch-fancy-pypi-readme>=22.5.0"], check=True)
    subprocess.run([python, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "--no-build-isolation",
                    "-d", sdist_dir, f"{PACKAGE}=={VERSION}"], check=True)
    return glob.glob(os.path.join(sdist_dir, f"{PACKAGE}-{VERSION}.tar.gz"))[0]


def unpack(sdist, pages_dir):
    shutil.rmtree(pages_dir, ignore_errors=True)
    os.makedirs(pages_dir)
    prefix = f"{PACKAGE}-{VERSION}/tests/data/"
    with tarfile.open(sdist) as archive:
        members = {m.name[len(prefix):]: m for m in archive.getmembers() if m.isfile() and m.name.startswith(prefix)}
        names = sorted(n[len("html/"):-len(".html")] for n in members if n.startswith("html/") and n.endswith(".html"))
        count = 0
        for name in names:
            gold = members.get(f"txt/{name}.txt")
            if gold is None:
                continue  # a section front, a redirect page or an RSS page: no expected text
            with open(os.path.join(pages_dir, name + ".html"), "wb") as f:
                f.write(archive.extractfile(members[f"html/{name}.html"]).read())
            with open(os.path.join(pages_dir, name + ".gold.txt"), "wb") as f:
                f.write(archive.extractfile(gold).read())
            count += 1
    return count


def main():
    outdir, python = sys.argv[1], sys.argv[2]
    pages_dir = os.path.join(outdir, "pages")
    count = unpack(fetch(outdir, python), pages_dir)
    print(f"real pages {pages_dir}: {count} pages with expected text from {PACKAGE} {VERSION}")


if __name__ == "__main__":
    main()
