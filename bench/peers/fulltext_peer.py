#!/usr/bin/env python3
"""The Python extractors of the full-text benchmark, run the way newswatch-bench's `extract` runs:
every page read into memory first, a warm-up on the first pages, then the extraction of all pages
timed in the process (wall and CPU of this one thread), the main text of each page written to OUTDIR
afterwards (NAME.txt, empty when the tool found nothing). Prints `key value` lines.

usage: fulltext_peer.py TOOL OUTDIR FILE...
TOOL: trafilatura       trafilatura.extract(html, include_comments=False): its default (precision and
                        recall balanced, with its readability/jusText fallbacks), comments left out as its
                        documentation advises for main text
      trafilatura-fast  the same with fast=True (no fallback extractors): its documented speed mode
      readability       readability-lxml: Document(html).summary(html_partial=True), the text of that HTML
"""
import os
import resource
import sys
import time

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "br", "tr", "td", "section", "article",
          "ul", "ol", "figure", "figcaption", "pre", "table"}


def readability_extractor():
    import lxml.html
    from readability import Document

    def text_of(fragment):
        # The summary is HTML: its text, with a line break at every block so words of two
        # paragraphs never run together.
        root = lxml.html.fromstring(fragment)
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag in BLOCKS:
                element.tail = "\n" + (element.tail or "")
        return root.text_content()

    def extract(page):
        return text_of(Document(page).summary(html_partial=True))
    return extract


def trafilatura_extractor(fast):
    import trafilatura

    def extract(page):
        return trafilatura.extract(page, include_comments=False, fast=fast) or ""
    return extract


def main():
    tool, outdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    extract = {"trafilatura": lambda: trafilatura_extractor(False), "trafilatura-fast": lambda: trafilatura_extractor(True),
               "readability": readability_extractor}[tool]()
    pages = []
    for path in files:
        with open(path, "rb") as f:
            pages.append(f.read())
    # Both libraries take the bytes and find the charset themselves, as newswatch does.
    for page in pages[:3]:
        extract(page)
    texts, failures = [], 0
    wall, cpu = time.monotonic(), time.process_time()
    for page in pages:
        try:
            texts.append(extract(page))
        except Exception:  # a page the tool cannot read counts as nothing found, as for newswatch
            texts.append("")
            failures += 1
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    os.makedirs(outdir, exist_ok=True)
    for path, text in zip(files, texts):
        with open(os.path.join(outdir, os.path.basename(path).rsplit(".", 1)[0] + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"pages {len(pages)}")
    print(f"failures {failures}")
    print(f"bytes {sum(len(p) for p in pages)}")
    print(f"seconds {wall:.6f}")
    print(f"cpu_seconds {cpu:.6f}")
    print(f"peak_mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")


if __name__ == "__main__":
    main()
