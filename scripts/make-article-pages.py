#!/usr/bin/env python3
"""Builds the article-page fixtures in Tests/NewswatchParseTests/Pages/ from the seeds.

Every seed (seeds/*.txt) is rendered into three differently structured pages, each with the
furniture real news pages have around the article (menus, a cookie banner, share bars, boxes of
other headlines, comments, a footer):

  NNN-newsde.html  news.de-like markup: og/meta tags, no JSON-LD, a figure with viewer label and
                   credit, class names such as article-text, ad slots inside the text
  NNN-jsonld.html  JSON-LD NewsArticle in an @graph, an <article> element in <main>, the kicker and
                   breadcrumbs above the h1, a related-links aside inside the text
  NNN-divs.html    no semantic markup at all: nested divs with meaningless class names, bullets as
                   "• " text, the title only in <title> and a div

Beside them: two English article pages (with the article each must give, as en-*.txt in the seeds'
plain-text layout) and three pages that are no article (a section front, a video page, a 404 page).

newswatch must extract from every NNN-*.html the article with the same id as the seed read as plain
text (Tests/NewswatchParseTests/ArticlePageTests.swift checks it). Run from the repository root:
    python3 scripts/make-article-pages.py
"""
import glob
import html
import json
import os
import re

from seed_text import AUTHOR_LINE, CREDIT, RELATED_LABEL, esc, heading_like, is_image_line, slug, units

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SEEDS = sorted(glob.glob(os.path.join(ROOT, "seeds", "*.txt")))
OUT = os.path.join(ROOT, "Tests", "NewswatchParseTests", "Pages")
PUBLISHED = ["2022-03-03T09:12:00+01:00", "2022-06-15T17:40:00+02:00", "2023-01-16T06:30:00+01:00",
             "2024-12-09T14:05:00+01:00", "2024-11-01T11:20:00+01:00"]

OTHER_HEADLINES = [
    "Bundestag beschließt Haushalt: Was sich 2025 für Familien ändert",
    "Wetter am Wochenende: Erster Schnee bis ins Flachland erwartet",
    "Bahn-Streik: Diese Verbindungen fallen am Montag aus",
    "Rente: Neue Zahlen zur Anhebung im Sommer veröffentlicht",
    "Fußball-Bundesliga: Bayern patzt beim Aufsteiger",
]
COMMENTS = [
    ("Klaus_1961", "Das habe ich schon vor Wochen gesagt, aber niemand wollte es hören. Abwarten, was noch kommt."),
    ("Sabine M.", "Woher stammen diese Informationen eigentlich? Eine Quelle wäre schön gewesen."),
    ("peter.k", "Interessanter Artikel, danke!"),
]
MENU = ["Startseite", "Politik", "Wirtschaft", "Panorama", "Sport", "Promis", "Gesundheit", "Ratgeber"]


def read_seed(path):
    """The seed as parts: head fields and body items (kind, value)."""
    us = units(open(path, encoding="utf-8").read())
    seed = {"byline": False, "section": None, "teaser": None, "caption": None, "credit": None,
            "viewer": False, "highlights": [], "share_list": False}
    if us and us[0] == ("text", "Erstellt von - Uhr"):
        seed["byline"] = True
        us = us[1:]
    if len(us) > 1 and re.fullmatch(r"[\w &-]+", us[0][1]) and len(us[0][1].split()) <= 3 and len(us[1][1]) > len(us[0][1]):
        seed["section"] = us[0][1]
        us = us[1:]
    seed["title"] = us[0][1]
    us = us[1:]
    if len(us) > 1 and us[0][0] == "text" and not is_image_line(us[0][1]) and (
            (us[1][0] == "text" and is_image_line(us[1][1])) or us[1][0] == "list"):
        seed["teaser"] = us[0][1]
        us = us[1:]
    while us and us[0][0] == "text" and is_image_line(us[0][1]):
        match = CREDIT.match(us[0][1])
        if match:
            seed["caption"], seed["credit"] = match.group(1), match.group(2)
        else:
            seed["viewer"] = True
        us = us[1:]
    if us and us[0][0] == "list":
        if all(i.startswith("Artikel teilen") for i in us[0][1]):
            seed["share_list"] = True
        else:
            seed["highlights"] = us[0][1]
        us = us[1:]
    body = []
    for index, (kind, value) in enumerate(us):
        following = us[index + 1] if index + 1 < len(us) else None
        if kind == "list":
            body.append(("list", value))
            continue
        line = value
        label = RELATED_LABEL.match(line)
        if body and body[-1][0] == "related-label" and body[-1][2] is None:
            body[-1] = ("related-label", body[-1][1], line)
        elif label:
            body.append(("related-label", label.group(1), label.group(2) or None))
        elif line.startswith("Folgen Sie News.de"):
            body.append(("follow", line))
        elif line.startswith("Erfahren Sie hier mehr"):
            body.append(("standards", line))
        elif line.startswith("Alle aktuellen Entwicklungen"):
            body.append(("all-news", line))
        elif AUTHOR_LINE.match(line):
            body.append(("author", line))
        elif line.startswith("Themen") or line.startswith("Beliebteste Artikel"):
            body.append(("box-label", line))
        elif following is not None and heading_like(line):
            body.append(("heading", line))
        else:
            body.append(("paragraph", line))
    seed["body"] = body
    return seed


def kicker_split(title):
    if ": " in title:
        kicker, rest = title.split(": ", 1)
        if len(kicker.split()) <= 6 and not any(c in kicker for c in ".!?;\""):
            return kicker, rest
    return None, title


def description_of(seed):
    if seed["teaser"]:
        return seed["teaser"]
    return next(v for k, v, *_ in seed["body"] if k == "paragraph")


def image_url(number, seed):
    return "https://images.news.de/%d/1200x675/%s.jpg" % (number, slug(seed["title"])[:30])


def article_url(number, seed):
    return "https://www.news.de/politik/8560%05d/%s/1/" % (number, slug(seed["title"]))


def cookie_banner(css, button_tag="button"):
    return ('<div class="%s"><p>Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren, '
            'Werbung anzuzeigen und die Nutzung unserer Website zu analysieren. Mit Klick auf „Alle akzeptieren“ '
            'stimmen Sie der Verarbeitung zu.</p><%s>Alle akzeptieren</%s> <%s>Einstellungen</%s></div>'
            % (css, button_tag, button_tag, button_tag, button_tag))


def comments_html(outer, item, name, text, heading="Kommentare (3)"):
    parts = ['<div class="%s"><div class="%s">%s</div>' % (outer, name, heading)]
    for user, comment in COMMENTS:
        parts.append('<div class="%s"><div class="%s">%s</div><div class="%s">%s</div></div>'
                     % (item, name, esc(user), text, esc(comment)))
    parts.append("</div>")
    return "".join(parts)


def body_items_html(seed, number, style):
    """The body in one of three markups: 'newsde', 'jsonld', 'divs'."""
    out = []
    for index, item in enumerate(seed["body"]):
        kind = item[0]
        if style == "newsde" and index == 2:
            out.append('<div class="ad-slot ad-medium-rectangle"><span>Anzeige</span><div id="div-gpt-ad-1"></div></div>')
        if kind == "paragraph":
            out.append({"divs": '<div class="c2">%s</div>'}.get(style, "<p>%s</p>") % esc(item[1]))
        elif kind == "heading":
            out.append({"divs": '<div class="c3"><b>%s</b></div>', "jsonld": "<h3>%s</h3>"}.get(style, "<h2>%s</h2>") % esc(item[1]))
        elif kind == "list":
            if style == "divs":
                out.extend('<div class="c4">• %s</div>' % esc(i) for i in item[1])
            else:
                out.append("<ul>%s</ul>" % "".join("<li>%s</li>" % esc(i) for i in item[1]))
        elif kind == "related-label":
            label, headline = item[1], item[2]
            href = "https://www.news.de/politik/%s/?utm_source=intern" % slug(headline or "x")
            if style == "divs":
                out.append('<div class="c5">%s: <a href="%s">%s</a></div>' % (esc(label), esc(href), esc(headline)))
            elif style == "jsonld":
                out.append('<p class="read-also">%s: <a href="%s">%s</a></p>' % (esc(label), esc(href), esc(headline)))
            else:
                out.append('<p class="related-label"><strong>%s:</strong></p><p><a href="%s">%s</a></p>'
                           % (esc(label), esc(href), esc(headline)))
        elif kind == "follow":
            out.append({"divs": '<div class="c6"><i>%s</i></div>'}.get(style, "<p><em>%s</em></p>") % esc(item[1]))
        elif kind == "standards":
            link = '<a href="https://www.news.de/standards/">%s</a>' % esc(item[1])
            out.append('<div class="c7">%s</div>' % link if style == "divs" else '<p class="standards">%s</p>' % link)
        elif kind == "all-news":
            out.append('<p><a href="https://www.news.de/politik/ukraine-krieg/">%s</a></p>' % esc(item[1]) if style != "divs" else
                       '<div class="c8"><a href="https://www.news.de/politik/ukraine-krieg/">%s</a></div>' % esc(item[1]))
        elif kind == "author":
            out.append({"divs": '<div class="c9">%s</div>', "jsonld": '<p class="article-source">%s</p>'}
                       .get(style, '<p class="author">%s</p>') % esc(item[1]))
        elif kind == "box-label":
            out.append({"divs": '<div class="d1">%s</div>'}.get(style, '<div class="topics"><h3>%s</h3></div>') % esc(item[1]))
    return out


def head_html(title, description, extra=""):
    return ('<head><meta charset="utf-8"><title>%s</title><meta name="viewport" content="width=device-width">'
            '<meta name="description" content="%s">%s<link rel="stylesheet" href="/css/site.css">'
            '<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"page":"article"});</script></head>'
            % (esc(title), esc(description), extra))


def page_newsde(number, seed):
    kicker, headline = kicker_split(seed["title"])
    url = article_url(number, seed)
    meta = ('<meta property="og:type" content="article"><meta property="og:title" content="%s | news.de">'
            '<meta property="og:description" content="%s"><meta property="og:image" content="%s">'
            '<meta property="og:url" content="%s"><meta property="og:site_name" content="news.de">'
            '<meta property="article:published_time" content="%s"><meta property="article:section" content="%s">'
            '<meta name="keywords" content="Wladimir Putin, Ukraine-Krieg, Russland">'
            % (esc(seed["title"]), esc(description_of(seed)), image_url(number, seed), url, PUBLISHED[number],
               esc(seed["section"] or "Politik")))
    h = ['<!DOCTYPE html>', '<html lang="de">', head_html("%s | news.de" % seed["title"], description_of(seed), meta), "<body>"]
    h.append(cookie_banner("cookie-consent-layer"))
    h.append('<header class="page-header"><a class="logo" href="/">news.de</a><nav class="main-nav"><ul>%s</ul></nav></header>'
             % "".join('<li><a href="/%s/">%s</a></li>' % (slug(m), m) for m in MENU))
    h.append('<div class="breadcrumb"><a href="/">Startseite</a> &gt; <a href="/politik/">Politik</a></div>')
    h.append('<div class="content-wrapper"><div class="article-detail">')
    if seed["byline"]:
        h.append('<div class="author-date">Erstellt von - Uhr</div>')
    if kicker:
        h.append('<h1 class="headline"><span class="kicker">%s</span> <span class="title">%s</span></h1>' % (esc(kicker), esc(headline)))
    else:
        h.append('<h1 class="headline">%s</h1>' % esc(seed["title"]))
    if seed["teaser"]:
        h.append('<p class="teaser">%s</p>' % esc(seed["teaser"]))
    if seed["caption"] or seed["credit"]:
        h.append('<figure class="article-image"><img src="%s" alt="%s" width="1200" height="675">%s'
                 '<figcaption>%s <span class="credit">Bild: %s</span></figcaption></figure>'
                 % (image_url(number, seed), esc(seed["caption"] or ""),
                    '<span class="viewer">(Foto) Suche</span>' if seed["viewer"] else "",
                    esc(seed["caption"] or ""), esc(seed["credit"] or "")))
    if seed["highlights"]:
        h.append('<ul class="highlights">%s</ul>' % "".join("<li>%s</li>" % esc(i) for i in seed["highlights"]))
    if seed["share_list"]:
        h.append('<ul class="share-list"><li>Artikel teilen:</li></ul>')
    h.append('<div class="social-share"><a href="https://www.facebook.com/sharer.php">Facebook</a> '
             '<a href="https://twitter.com/share">Twitter</a> <a href="mailto:">E-Mail</a></div>')
    h.append('<div class="article-text">%s</div>' % "\n".join(body_items_html(seed, number, "newsde")))
    h.append("</div>")
    h.append('<div class="most-read"><h3>Meistgelesen</h3><ol>%s</ol></div>'
             % "".join('<li><a href="/politik/%s/">%s</a></li>' % (slug(t), esc(t)) for t in OTHER_HEADLINES))
    h.append(comments_html("comments", "comment", "comment-text", "comment-body"))
    h.append("</div>")
    h.append('<footer class="page-footer"><a href="/impressum/">Impressum</a> <a href="/datenschutz/">Datenschutz</a> '
             '<a href="/kontakt/">Kontakt</a> <p>© 2024 news.de GmbH</p></footer>')
    h.append('<script src="/js/app.js"></script></body></html>')
    return "\n".join(h)


def page_jsonld(number, seed):
    url = article_url(number, seed)
    article = {
        "@type": "NewsArticle", "headline": seed["title"], "description": description_of(seed),
        "datePublished": PUBLISHED[number], "dateModified": PUBLISHED[number],
        "author": [{"@type": "Person", "name": "Redaktion news.de"}],
        "image": {"@type": "ImageObject", "url": image_url(number, seed), "width": 1200, "height": 675},
        "articleSection": [seed["section"] or "Politik"], "keywords": ["Wladimir Putin", "Russland"],
        "inLanguage": "de-DE", "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": "news.de"},
    }
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "news.de", "url": "https://www.news.de/"},
        {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Politik"}]},
        article]}
    meta = '<link rel="canonical" href="%s?utm_source=canonical"><script type="application/ld+json">%s</script>' % (
        url, json.dumps(graph, ensure_ascii=False))
    h = ['<!DOCTYPE html>', '<html lang="de-DE">', head_html("%s - News.de" % seed["title"], description_of(seed), meta), "<body>"]
    h.append('<div id="consent-dialog" role="dialog"><h2>Ihre Privatsphäre</h2>%s</div>' % cookie_banner("consent-text"))
    h.append('<header class="site-header"><nav><ul>%s</ul></nav><form class="search"><input name="q"></form></header>'
             % "".join('<li><a href="/%s/">%s</a></li>' % (slug(m), m) for m in MENU))
    h.append('<main id="main"><article class="story">')
    h.append('<div class="story-breadcrumbs"><a href="/">Home</a> / <a href="/politik/">%s</a></div>' % esc(seed["section"] or "Politik"))
    kicker, _ = kicker_split(seed["title"])
    h.append("<header>")
    if kicker:
        h.append('<span class="story-kicker">%s</span>' % esc(kicker))
    h.append("<h1>%s</h1>" % esc(seed["title"]))
    h.append('<div class="story-meta"><span class="byline">Von Redaktion news.de</span> '
             '<time datetime="%s">%s</time></div>' % (PUBLISHED[number], PUBLISHED[number][:10]))
    if seed["teaser"]:
        h.append('<p class="intro"><strong>%s</strong></p>' % esc(seed["teaser"]))
    h.append("</header>")
    if seed["caption"] or seed["credit"]:
        h.append('<figure><picture><source srcset="%s 1x" type="image/webp"><img src="%s" alt=""></picture>'
                 '<figcaption>%s <small>Foto: %s</small></figcaption></figure>'
                 % (image_url(number, seed).replace(".jpg", ".webp"), image_url(number, seed), esc(seed["caption"] or ""),
                    esc(seed["credit"] or "")))
    if seed["highlights"]:
        h.append("<ul>%s</ul>" % "".join("<li>%s</li>" % esc(i) for i in seed["highlights"]))
    h.append('<div class="share-buttons"><a href="#">Teilen</a> <a href="#">Tweet</a> <a href="#">WhatsApp</a></div>')
    body = body_items_html(seed, number, "jsonld")
    middle = max(1, len(body) // 2)
    body.insert(middle, '<aside class="related-articles"><h3>Mehr zum Thema</h3><ul>%s</ul></aside>'
                % "".join('<li><a href="/politik/%s/">%s</a></li>' % (slug(t), esc(t)) for t in OTHER_HEADLINES[:3]))
    h.append('<div class="story-body">%s</div>' % "\n".join(body))
    h.append('<footer class="story-footer"><ul class="tags"><li><a href="/thema/putin/">Wladimir Putin</a></li>'
             '<li><a href="/thema/russland/">Russland</a></li></ul></footer>')
    h.append("</article>")
    h.append(comments_html("comments-section", "comment", "comment-author", "comment-text"))
    h.append('<section class="teaser-list"><h2>Weitere Nachrichten</h2>%s</section>'
             % "".join('<div class="teaser"><h3><a href="/politik/%s/">%s</a></h3></div>' % (slug(t), esc(t)) for t in OTHER_HEADLINES))
    h.append("</main>")
    h.append('<div class="newsletter-box"><h3>Newsletter</h3><p>Die wichtigsten Nachrichten des Tages jeden Morgen in Ihrem Postfach.</p>'
             '<form><input type="email"><button>Anmelden</button></form></div>')
    h.append('<footer><p>Copyright © 2024 news.de GmbH. Alle Rechte vorbehalten.</p><a href="/impressum/">Impressum</a></footer>')
    h.append("</body></html>")
    return "\n".join(h)


def page_divs(number, seed):
    h = ['<html>', '<head><title>%s - News.de</title></head>' % esc(seed["title"]), '<body>', '<div class="w0">']
    h.append('<div class="k2">%s</div>' % " ".join('<a href="/%s/">%s</a>' % (slug(m), m) for m in MENU))
    h.append(cookie_banner("q9", "span"))
    h.append('<div class="w1">')
    h.append('<div class="z3">%s</div>' % esc(seed["title"]))
    if seed["byline"]:
        h.append('<div class="z4">Erstellt von - Uhr</div>')
    if seed["teaser"]:
        h.append('<div class="z5">%s</div>' % esc(seed["teaser"]))
    if seed["caption"] or seed["credit"]:
        h.append('<div class="z6"><img src="%s" alt="%s"><span>(Foto) Suche</span></div>' % (image_url(number, seed), esc(seed["caption"] or "")))
        h.append('<div class="z7">%s Bild: %s</div>' % (esc(seed["caption"] or ""), esc(seed["credit"] or "")))
    for item in seed["highlights"]:
        h.append('<div class="z8">• %s</div>' % esc(item))
    h.append('<div class="z9"><a href="https://www.facebook.com/sharer.php">Facebook</a> <a href="https://twitter.com/share">Twitter</a> '
             '<a href="mailto:">E-Mail</a></div>')
    h.append('<div class="c1">%s</div>' % "\n".join(body_items_html(seed, number, "divs")))
    h.append("</div>")
    h.append('<div class="v1"><div class="v2">Das könnte Sie auch interessieren</div>%s</div>'
             % "".join('<div class="v3"><a href="/politik/%s/">%s</a></div>' % (slug(t), esc(t)) for t in OTHER_HEADLINES))
    h.append(comments_html("r1", "r2", "r3", "r4"))
    h.append('<div class="f1"><a href="/impressum/">Impressum</a> <a href="/datenschutz/">Datenschutz</a> '
             '<a href="/agb/">AGB</a> <a href="/kontakt/">Kontakt</a> <div class="f2">© 2024 news.de GmbH</div></div>')
    h.append("</div></body></html>")
    return "\n".join(h)


ENGLISH = [
    {
        "name": "en-storm",
        "title": "Storm Darragh: Thousands without power as floods hit coastal towns",
        "teaser": "Tens of thousands of homes were left without electricity on Sunday after Storm Darragh brought gusts of up to 90mph to the west coast.",
        "paragraphs": [
            ("p", "Engineers worked through the night to reconnect homes, but the network operator warned that some rural areas could remain cut off until Tuesday, as fallen trees blocked access roads."),
            ("p", "The Met Office issued a rare red warning for wind on Saturday, telling people to stay indoors and away from the sea front, where waves overtopped defences in several towns."),
            ("h2", "Rail services suspended"),
            ("p", "Train operators cancelled most services across the region, and the main coastal line will stay closed while crews clear debris from the tracks, a spokesperson said."),
            ("p", "Drivers were urged not to travel unless necessary. Police closed two bridges after lorries were blown over, and the coastguard responded to more than forty calls."),
            ("quote", "We have not seen water levels like this in the harbour for thirty years, and people here are frightened about what the next tide will bring."),
            ("p", "Forecasters expect the wind to ease by Monday afternoon, although heavy rain is likely to keep flood warnings in place for rivers that are already full."),
        ],
        "style": "jsonld",
    },
    {
        "name": "en-budget",
        "title": "City council approves budget with new funding for libraries",
        "teaser": None,
        "paragraphs": [
            ("p", "The city council voted on Tuesday night to approve next year's budget, which restores opening hours at eleven neighbourhood libraries and adds money for school transport."),
            ("p", "The plan passed by nine votes to four after a debate that lasted almost five hours, with opponents arguing that the increase in the property levy would hurt families on fixed incomes."),
            ("p", "Supporters said the libraries had become places where students, job seekers and older residents depend on free internet access, heating and help with paperwork."),
            ("h2", "What changes for residents"),
            ("p", "Most households will pay about forty dollars more a year. The council also set aside a reserve for road repairs after last winter's unusually severe frost damage."),
            ("p", "The mayor is expected to sign the budget on Friday. It takes effect on the first of January."),
        ],
        "style": "plain",
    },
]


def english_page(article):
    title = article["title"]
    paragraphs = article["paragraphs"]
    def blocks(style):
        out = []
        for kind, text in paragraphs:
            if kind == "h2":
                out.append("<h2>%s</h2>" % esc(text))
            elif kind == "quote":
                out.append("<blockquote><p>%s</p></blockquote>" % esc(text))
            else:
                out.append("<p>%s</p>" % esc(text))
        return "\n".join(out)
    if article["style"] == "jsonld":
        data = {"@context": "https://schema.org", "@type": "ReportageNewsArticle", "headline": title,
                "description": article["teaser"], "datePublished": "2024-12-08T07:30:00Z",
                "author": {"@type": "Person", "name": "Jane Porter"}, "articleSection": "UK",
                "keywords": "weather, storms, flooding", "image": ["https://cdn.example.org/storm.jpg"]}
        meta = '<script type="application/ld+json">%s</script><meta property="og:type" content="article">' % json.dumps(data)
        return "\n".join([
            "<!DOCTYPE html>", '<html lang="en-GB">', head_html("%s | The Example Times" % title, article["teaser"], meta), "<body>",
            '<div class="gdpr-banner"><p>We use cookies to improve your experience. By continuing you agree to our cookie policy.</p><button>Accept</button></div>',
            '<nav class="top"><a href="/">Home</a> <a href="/uk/">UK</a> <a href="/world/">World</a> <a href="/business/">Business</a></nav>',
            "<main><article>", "<h1>%s</h1>" % esc(title),
            '<p class="byline">By Jane Porter</p>', '<p class="standfirst">%s</p>' % esc(article["teaser"]),
            '<figure><img src="https://cdn.example.org/storm.jpg" alt="Waves"><figcaption>Waves break over the harbour wall. Photo: Alex Reed</figcaption></figure>',
            '<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>',
            '<div class="article-body">%s</div>' % blocks("jsonld"),
            '<div class="related-stories"><h3>More on this story</h3><ul><li><a href="/uk/rail-chaos">Rail chaos as storm closes lines</a></li>'
            '<li><a href="/uk/how-to-prepare">How to prepare your home for a storm</a></li></ul></div>',
            "</article></main>",
            '<div id="comments"><h3>Comments</h3><p>Reader1: Stay safe everyone on the coast.</p></div>',
            '<footer><p>© 2024 The Example Times</p><a href="/terms">Terms</a></footer>', "</body></html>"])
    return "\n".join([
        "<!DOCTYPE html>", "<html>", head_html("%s - Riverside Daily" % title, paragraphs[0][1]), "<body>",
        '<div id="top"><a href="/">Riverside Daily</a> <a href="/news">News</a> <a href="/sports">Sports</a> <a href="/opinion">Opinion</a> <a href="/obits">Obituaries</a></div>',
        '<div class="col-main"><div class="hdr"><h1>%s</h1><div class="dt">December 4, 2024, 9:15 PM</div></div>' % esc(title),
        '<div class="txt">%s</div></div>' % blocks("plain"),
        '<div class="col-side"><h4>Most read</h4><a href="/a">School board election results</a><br><a href="/b">New bridge opens</a><br>'
        '<a href="/c">Farmers market moves indoors</a><br><a href="/d">High school team wins title</a></div>',
        '<div class="bottom">Subscribe to our newsletter for the latest local news. <a href="/subscribe">Sign up</a></div>',
        "</body></html>"])


def english_text(article):
    lines = [article["title"], ""]
    if article["teaser"]:
        lines += [article["teaser"], ""]
    for kind, text in article["paragraphs"]:
        lines += ["> " + text if kind == "quote" else text, ""]
    return "\n".join(lines)


def section_front():
    cards = "".join(
        '<article class="card"><h2><a href="/politik/%s/">%s</a></h2><p>%s</p></article>'
        % (slug(t), esc(t), "Was bisher bekannt ist und wie es jetzt weitergeht: alle Hintergründe, Reaktionen und Einschätzungen unserer Redaktion zum Thema.")
        for t in OTHER_HEADLINES * 2)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="de">',
        head_html("Politik - aktuelle Nachrichten | news.de", "Aktuelle Nachrichten aus der Politik",
                  '<meta property="og:type" content="website"><meta property="og:title" content="Politik">'),
        "<body>", cookie_banner("cookie-banner"),
        '<nav><a href="/">Startseite</a> <a href="/politik/">Politik</a> <a href="/sport/">Sport</a></nav>',
        '<main><h1>Politik</h1><div class="stream">%s</div></main>' % cards,
        '<footer>© 2024 news.de GmbH</footer>', "</body></html>"])


def video_page():
    data = {"@context": "https://schema.org", "@type": "VideoObject", "name": "Putin bei Militärparade in Moskau",
            "description": "Bilder von der Parade auf dem Roten Platz.", "uploadDate": "2024-05-09T10:00:00+02:00",
            "thumbnailUrl": "https://images.news.de/video/parade.jpg", "duration": "PT2M10S"}
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="de">',
        head_html("Video: Putin bei Militärparade in Moskau | news.de", "Bilder von der Parade auf dem Roten Platz.",
                  '<meta property="og:type" content="video.other"><script type="application/ld+json">%s</script>' % json.dumps(data, ensure_ascii=False)),
        "<body>", '<nav><a href="/">Startseite</a> <a href="/videos/">Videos</a></nav>',
        '<div class="video-page"><h1>Putin bei Militärparade in Moskau</h1>',
        '<div class="player"><video src="https://videos.news.de/parade.mp4" controls></video></div>',
        '<p class="video-description">Bilder von der Parade auf dem Roten Platz: Tausende Soldaten marschieren zum Jahrestag des Kriegsendes, Wladimir Putin hält eine Rede.</p>',
        '<div class="more-videos"><h3>Weitere Videos</h3>%s</div></div>'
        % "".join('<div><a href="/videos/%s/">%s</a></div>' % (slug(t), esc(t)) for t in OTHER_HEADLINES),
        '<footer>© 2024 news.de GmbH</footer>', "</body></html>"])


def not_found_page():
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="de">', head_html("Seite nicht gefunden (404) | news.de", ""),
        "<body>", '<nav><a href="/">Startseite</a> <a href="/politik/">Politik</a></nav>',
        '<div class="error-page"><h1>Diese Seite gibt es leider nicht mehr</h1>',
        "<p>Die von Ihnen aufgerufene Seite wurde verschoben, gelöscht oder hat nie existiert. Bitte überprüfen Sie die Adresse oder nutzen Sie unsere Suche.</p>",
        '<form><input name="q"><button>Suchen</button></form>',
        '<h3>Aktuelle Nachrichten</h3><ul>%s</ul></div>' % "".join('<li><a href="/politik/%s/">%s</a></li>' % (slug(t), esc(t)) for t in OTHER_HEADLINES),
        '<footer>© 2024 news.de GmbH</footer>', "</body></html>"])


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for number, path in enumerate(SEEDS):
        seed = read_seed(path)
        stem = os.path.basename(path)[:3]
        write("%s-newsde.html" % stem, page_newsde(number, seed))
        write("%s-jsonld.html" % stem, page_jsonld(number, seed))
        write("%s-divs.html" % stem, page_divs(number, seed))
    for article in ENGLISH:
        write("%s.html" % article["name"], english_page(article))
        write("%s.txt" % article["name"], english_text(article))
    write("not-article-section-front.html", section_front())
    write("not-article-video.html", video_page())
    write("not-article-404.html", not_found_page())


if __name__ == "__main__":
    main()
