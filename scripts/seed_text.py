"""What the two fixture generators (make-seed-feed.py, make-article-pages.py) read out of a seed
file in the seeds' plain-text layout, and the small HTML helpers both use."""
import html
import re

CREDIT = re.compile(r"^(.*?)\s+Bild:\s*(.+)$")
RELATED_LABEL = re.compile(r"^(Lesen Sie auch|Ebenfalls interessant):\s*(.*)$")
AUTHOR_LINE = re.compile(r"^/[A-Za-z0-9./-]+$")


def slug(text):
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60]


def units(text):
    """Non-empty lines; bullet lines grouped into lists."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("• "):
            if out and out[-1][0] == "list":
                out[-1][1].append(stripped[2:].strip())
            else:
                out.append(("list", [stripped[2:].strip()]))
        else:
            out.append(("text", stripped))
    return out


def is_image_line(line):
    return line.endswith("(Foto) Suche") or CREDIT.match(line) is not None


def heading_like(line):
    return len(line) <= 160 and not line.endswith((".", ",", ";", ":", "…")) and len(line.split()) <= 22


def esc(text):
    return html.escape(text, quote=True)
