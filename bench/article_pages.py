#!/usr/bin/env python3
"""Article pages for the full-text benchmark, each with the text a reader reads as its main text
(the "gold" the extractors are scored against). Deterministic: same arguments, same bytes.

- The seeds' pages: every seed rendered by scripts/make-article-pages.py in its three markups
  (news.de-like, JSON-LD with <article>, bare divs), and its two English pages.
- Generated pages: bench/corpus.py's German and English article text in four page templates of
  different structure, with the furniture of real news pages around the article (navigation and
  mega menu, cookie banner, share bar with inline SVG, related links in and beside the text,
  newsletter box, comments, footer link farm, inline scripts and styles of varied size).

The gold text is the article model's main text (/work/shared/docs/article-model.md): the teaser, the
highlights and the body (paragraphs, subheadings, lists, quotes) — not the title, not the photo
caption and credit, not related links, author codes or "follow us" lines.

usage: article_pages.py OUTDIR GENERATED_COUNT [SEED]
Writes OUTDIR/NAME.html and OUTDIR/NAME.gold.txt (gold blocks separated by blank lines).
"""
import hashlib
import html
import importlib.util
import json
import os
import random
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import corpus  # noqa: E402


def seed_page_module():
    spec = importlib.util.spec_from_file_location("make_article_pages", os.path.join(ROOT, "scripts", "make-article-pages.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_pages():
    """(name, html, gold blocks) for every seed page and English page of the test fixtures."""
    pages = seed_page_module()
    out = []
    for number, path in enumerate(pages.SEEDS):
        seed = pages.read_seed(path)
        gold = ([seed["teaser"]] if seed["teaser"] else []) + list(seed["highlights"])
        for item in seed["body"]:
            if item[0] in ("paragraph", "heading"):
                gold.append(item[1])
            elif item[0] == "list":
                gold.extend(item[1])
        stem = os.path.basename(path)[:3]
        for style, render in (("newsde", pages.page_newsde), ("jsonld", pages.page_jsonld), ("divs", pages.page_divs)):
            out.append((f"seed-{stem}-{style}", render(number, seed), gold))
    for article in pages.ENGLISH:
        gold = ([article["teaser"]] if article["teaser"] else []) + [text for _, text in article["paragraphs"]]
        out.append((f"seed-{article['name']}", pages.english_page(article), gold))
    return out


esc = html.escape
MENU_DE = ["Politik", "Wirtschaft", "Panorama", "Sport", "Kultur", "Wissen", "Gesundheit", "Reise", "Auto", "Digital"]
MENU_EN = ["World", "UK", "Business", "Politics", "Technology", "Science", "Health", "Sport", "Culture", "Travel"]
WORDS = {True: dict(cookie="Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu "
                           "personalisieren und die Zugriffe auf unsere Website zu analysieren. Sie können Ihre Einwilligung "
                           "jederzeit in den Datenschutzeinstellungen widerrufen.",
                    accept="Alle akzeptieren", settings="Einstellungen", share="Artikel teilen", related="Mehr zum Thema",
                    read_also="Lesen Sie auch", newsletter="Der Morgen-Newsletter: die wichtigsten Nachrichten des Tages, "
                    "jeden Morgen um sechs Uhr in Ihrem Postfach.", subscribe="Jetzt abonnieren", comments="Kommentare",
                    most_read="Meistgelesen", ad="Anzeige", imprint=["Impressum", "Datenschutz", "AGB", "Kontakt", "Jobs",
                    "Mediadaten", "Barrierefreiheit", "Cookie-Einstellungen"], by="Von", tags="Themen"),
         False: dict(cookie="We and our partners use cookies and similar technologies to personalise content and ads and "
                            "to analyse traffic to our website. You can withdraw your consent at any time in the privacy settings.",
                     accept="Accept all", settings="Manage settings", share="Share this article", related="More on this story",
                     read_also="Read more", newsletter="The Morning Briefing: the day's most important stories in your inbox "
                     "every morning at six.", subscribe="Sign up", comments="Comments", most_read="Most read", ad="Advertisement",
                     imprint=["About us", "Privacy", "Terms", "Contact", "Careers", "Advertise", "Accessibility", "Cookie settings"],
                     by="By", tags="Topics")}
COMMENTERS = ["Leser_1972", "anna.k", "Kritischer Geist", "M. Schulz", "observer42", "Jane D.", "north_wind", "Tom"]
SVG = ('<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M18 2h-3a5 5 0 0 0-5 5v3H7v4h3v8h4v-8h3l1-4h-4V7'
       'a1 1 0 0 1 1-1h3z"/></svg>')


class PageWriter:
    """One generated page per call: an article from corpus.Writer in one of the templates."""

    def __init__(self, seed):
        self.text = corpus.Writer(seed)
        self.r = random.Random(seed + 1)

    def article(self):
        german = self.text.r.random() < 0.6
        when = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
        while True:
            item = self.text.item(german, when)
            if item["paragraphs"]:
                break
        # Subheadings: every fourth paragraph or so starts a section with one.
        blocks = []
        for i, p in enumerate(item["paragraphs"]):
            if i > 0 and i % 4 == 2:
                blocks.append(("h2", " ".join(self.text.sentence(german).rstrip(".").split()[:8])))
            blocks.append(("p", p))
        return german, item, blocks

    def headlines(self, german, n):
        return [self.text.item(german, datetime(2026, 11, 21, tzinfo=timezone.utc))["title"] for _ in range(n)]

    def script_blob(self, low, high):
        """An inline script of realistic size (tracking and app config as news sites inline them)."""
        size = self.r.randint(low, high)
        entries = []
        total = 0
        while total < size:
            key = "".join(self.r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
            value = "".join(self.r.choice("abcdef0123456789") for _ in range(self.r.randint(16, 64)))
            entries.append(f'"{key}":"{value}"')
            total += len(entries[-1]) + 1
        return "<script>window.__APP_STATE__={" + ",".join(entries) + "};</script>"

    def style_blob(self):
        rules = [f".c{i}{{margin:{self.r.randint(0, 24)}px;padding:{self.r.randint(0, 16)}px;color:#{self.r.randint(0, 0xffffff):06x}}}"
                 for i in range(self.r.randint(50, 400))]
        return "<style>" + "".join(rules) + "</style>"

    def head(self, title, description, extra=""):
        return (f'<head><meta charset="utf-8"><title>{esc(title)}</title><meta name="viewport" content="width=device-width">'
                f'<meta name="description" content="{esc(description)}">{extra}{self.style_blob()}{self.script_blob(2000, 150000)}</head>')

    def nav(self, german, tag="nav", cls="main-nav"):
        menu = MENU_DE if german else MENU_EN
        mega = "".join(f'<li><a href="/{m.lower()}/">{m}</a><ul class="sub">'
                       + "".join(f'<li><a href="/{m.lower()}/{k}/">{m} {k}</a></li>' for k in range(1, self.r.randint(3, 8)))
                       + "</ul></li>" for m in menu)
        return f'<{tag} class="{cls}"><a class="logo" href="/">Logo</a><ul>{mega}</ul></{tag}>'

    def cookie(self, german, cls):
        w = WORDS[german]
        return f'<div class="{cls}" role="dialog"><p>{w["cookie"]}</p><button>{w["accept"]}</button> <button>{w["settings"]}</button></div>'

    def share(self, german, cls):
        w = WORDS[german]
        return (f'<div class="{cls}"><span>{w["share"]}</span>' + "".join(
            f'<a href="https://{s}/share?u=x">{SVG}<span class="sr-only">{s}</span></a>' for s in ("facebook.com", "x.com", "whatsapp.com", "linkedin.com"))
            + "</div>")

    def comments(self, german, outer, item):
        w = WORDS[german]
        parts = [f'<section class="{outer}"><h3>{w["comments"]} ({self.r.randint(3, 9)})</h3>']
        for _ in range(self.r.randint(3, 9)):
            parts.append(f'<div class="{item}"><b>{esc(self.r.choice(COMMENTERS))}</b><p>{esc(self.text.sentence(german))}</p></div>')
        return "".join(parts) + "</section>"

    def footer(self, german, tag="footer"):
        links = " ".join(f'<a href="/{esc(x.lower())}/">{esc(x)}</a>' for x in WORDS[german]["imprint"])
        return f'<{tag} class="site-footer">{links}<p>© 2026 Example Media GmbH</p></{tag}>'

    def related_box(self, german, cls, tag="aside"):
        w = WORDS[german]
        items = "".join(f'<li><a href="/a/{self.r.randint(1000, 9999)}/">{esc(t)}</a></li>' for t in self.headlines(german, 4))
        return f'<{tag} class="{cls}"><h3>{w["related"]}</h3><ul>{items}</ul></{tag}>'

    def page(self, index):
        german, item, blocks = self.article()
        template = ("magazine", "portal", "wire", "legacy")[index % 4]
        build = getattr(self, "page_" + template)
        gold = [item["teaser"]] + [text for _, text in blocks]
        return f"gen-{index:04d}-{template}", build(german, item, blocks), gold

    def page_magazine(self, german, item, blocks):
        """Semantic markup: <main><article>, h1, lead, figure, a related box in the middle of the text."""
        w = WORDS[german]
        body = [f"<{k}>{esc(t)}</{k}>" for k, t in blocks]
        body.insert(len(body) // 2, self.related_box(german, "inline-related"))
        author = f'<p class="byline">{w["by"]} {esc(item["author"])}</p>' if item["author"] else ""
        return "\n".join([
            "<!DOCTYPE html>", f'<html lang="{"de" if german else "en"}">',
            self.head(item["title"] + " | Magazin", item["teaser"], '<meta property="og:type" content="article">'),
            "<body>", self.cookie(german, "consent-banner"), self.nav(german, "header", "site-header"),
            "<main><article>", f"<h1>{esc(item['title'])}</h1>", author,
            f'<p class="lead">{esc(item["teaser"])}</p>',
            f'<figure><img src="/img/{item["serial"]}.jpg" alt=""><figcaption>{esc(self.text.sentence(german))} Foto: dpa</figcaption></figure>',
            self.share(german, "share-bar"), '<div class="article-body">', *body, "</div>",
            f'<ul class="tags"><li>{w["tags"]}:</li>' + "".join(f'<li><a href="/t/{k}">{esc(t.split(":")[0])}</a></li>' for k, t in enumerate(self.headlines(german, 3))) + "</ul>",
            "</article>", self.comments(german, "comments", "comment"), "</main>",
            f'<div class="newsletter"><p>{w["newsletter"]}</p><form><input type="email"><button>{w["subscribe"]}</button></form></div>',
            self.footer(german), self.script_blob(500, 8000), "</body></html>"])

    def page_portal(self, german, item, blocks):
        """A div layout of a big portal: #content with a text column, a sidebar of most-read links, ad slots."""
        w = WORDS[german]
        body = []
        for i, (k, t) in enumerate(blocks):
            if i == 2:
                body.append(f'<div class="ad ad-mrec"><span>{w["ad"]}</span><div id="gpt-{i}"></div></div>')
            body.append(f'<div class="text-subheadline"><strong>{esc(t)}</strong></div>' if k == "h2" else f'<p class="text">{esc(t)}</p>')
            if i == len(blocks) - 2:
                title = self.headlines(german, 1)[0]
                body.append(f'<p class="text"><strong>{w["read_also"]}:</strong> <a href="/a/{self.r.randint(1, 999)}/">{esc(title)}</a></p>')
        most = "".join(f'<li><a href="/m/{k}/">{esc(t)}</a></li>' for k, t in enumerate(self.headlines(german, 8)))
        return "\n".join([
            "<!DOCTYPE html>", "<html>", self.head(item["title"], item["teaser"]),
            "<body>", '<div id="page">', self.cookie(german, "cmp-layer"), self.nav(german, "div", "topnav"),
            f'<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/{item["section"].lower()}/">{esc(item["section"])}</a></div>',
            '<div id="content"><div class="col-text">', f'<div class="headline"><h1>{esc(item["title"])}</h1></div>',
            f'<div class="intro"><b>{esc(item["teaser"])}</b></div>', self.share(german, "social"),
            *body, self.comments(german, "comment-list", "comment-entry"), "</div>",
            f'<div class="col-side"><div class="box"><h4>{w["most_read"]}</h4><ol>{most}</ol></div>',
            f'<div class="ad ad-sky"><span>{w["ad"]}</span></div></div></div>',
            self.footer(german, "div"), "</div>", self.script_blob(500, 8000), "</body></html>"])

    def page_wire(self, german, item, blocks):
        """JSON-LD NewsArticle (metadata only, no articleBody), the text in div.story-body."""
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": item["title"], "description": item["teaser"],
                "datePublished": item["when"].isoformat(), "articleSection": item["section"],
                "author": {"@type": "Person", "name": item["author"] or "Redaktion"}, "inLanguage": "de" if german else "en"}
        body = [f"<h3>{esc(t)}</h3>" if k == "h2" else f"<p>{esc(t)}</p>" for k, t in blocks]
        return "\n".join([
            "<!DOCTYPE html>", f'<html lang="{"de" if german else "en"}">',
            self.head(item["title"], item["teaser"], f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'),
            "<body>", self.nav(german), self.cookie(german, "gdpr"),
            '<div class="story">', f'<h1 class="story-title">{esc(item["title"])}</h1>',
            f'<div class="story-meta">{esc(item["when"].strftime("%d.%m.%Y %H:%M"))}</div>',
            f'<div class="story-teaser">{esc(item["teaser"])}</div>', '<div class="story-body">', *body, "</div>",
            self.share(german, "story-share"), "</div>", self.related_box(german, "more-stories", "div"),
            self.comments(german, "discussion", "post"), self.footer(german), "</body></html>"])

    def page_legacy(self, german, item, blocks):
        """An old CMS: a layout table, no classes that say anything, paragraphs separated by <br><br>."""
        text = "<br><br>\n".join(f"<b>{esc(t)}</b>" if k == "h2" else esc(t) for k, t in blocks)
        links = "<br>".join(f'<a href="/x/{k}.html">{esc(t)}</a>' for k, t in enumerate(self.headlines(german, 6)))
        return "\n".join([
            "<html>", f"<head><title>{esc(item['title'])}</title>{self.script_blob(1000, 20000)}</head>",
            '<body><table width="100%"><tr><td colspan="2">' + self.nav(german, "div", "t1") + "</td></tr>",
            f'<tr><td class="t2" width="70%"><div class="t3">{esc(item["title"])}</div>',
            f'<div class="t4"><i>{esc(item["teaser"])}</i></div><div class="t5">{text}</div>',
            self.comments(german, "t6", "t7"), "</td>",
            f'<td class="t8" valign="top">{links}<div class="t9">{self.cookie(german, "t10")}</div></td></tr>',
            f'<tr><td colspan="2">{self.footer(german, "div")}</td></tr></table></body></html>'])


def main():
    outdir, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261122
    sources = [os.path.join(HERE, f) for f in ("article_pages.py", "corpus.py")] + \
              [os.path.join(ROOT, "scripts", f) for f in ("make-article-pages.py", "seed_text.py")] + \
              sorted(os.path.join(ROOT, "seeds", f) for f in os.listdir(os.path.join(ROOT, "seeds")))
    digest = hashlib.sha256(f"{count}:{seed}".encode())
    for path in sources:
        with open(path, "rb") as f:
            digest.update(f.read())
    stamp_path = os.path.join(outdir, ".stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == digest.hexdigest():
        print(f"article pages {outdir} up to date")
        return
    os.makedirs(outdir, exist_ok=True)
    for old in os.listdir(outdir):
        os.remove(os.path.join(outdir, old))
    writer = PageWriter(seed)
    pages = seed_pages() + [writer.page(i) for i in range(count)]
    total = 0
    for name, page, gold in pages:
        data = page.encode("utf-8")
        total += len(data)
        with open(os.path.join(outdir, name + ".html"), "wb") as f:
            f.write(data)
        with open(os.path.join(outdir, name + ".gold.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(gold) + "\n")
    with open(stamp_path, "w") as f:
        f.write(digest.hexdigest())
    print(f"article pages {outdir}: {len(pages)} pages, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
