#!/usr/bin/env python3
"""Builds seeds/news.de.rss: an RSS 2.0 feed in the style of news.de's feeds whose five items carry the
five seed articles (seeds/*.txt) as content:encoded HTML, with the furniture the real pages have (byline
template, photo viewer, share bars, "Lesen Sie auch:" links, "Folgen Sie News.de ...", the author line,
a tracking pixel, a script). The description is the teaser; where a seed has no teaser, the description
is the first paragraph, which the HTML repeats, as real feeds do.

newswatch must read each item to the same article id as the seed file read as plain text
(Tests/NewswatchParseTests/SeedFeedTests.swift checks it). Run from the repository root:
    python3 scripts/make-seed-feed.py > seeds/news.de.rss
"""
import glob
import html
import os
import re

from seed_text import AUTHOR_LINE, CREDIT, RELATED_LABEL, esc, heading_like, is_image_line, slug, units

SEEDS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "seeds", "*.txt")))
PUBLISHED = [
    "Thu, 03 Mar 2022 09:12:00 +0100",
    "Wed, 15 Jun 2022 17:40 +0200",
    "Mo, 16 Jan 2023 06:30:00 +0100",
    "Mon, 09 Dec 2024 14:05:00 GMT+1",
    "Fri, 01 Nov 2024 11:20:00 CET",
]
def is_section(line):
    return len(line.split()) <= 3 and len(line) <= 32 and re.fullmatch(r"[\w &-]+", line) is not None


def item_for(path, number):
    us = units(open(path, encoding="utf-8").read())
    content = []
    section = None
    if us and us[0] == ("text", "Erstellt von - Uhr"):
        content.append('<p class="author-date">Erstellt von - Uhr</p>')
        us = us[1:]
    if len(us) > 1 and us[0][0] == "text" and is_section(us[0][1]) and len(us[1][1]) > len(us[0][1]):
        section = us[0][1]
        us = us[1:]
    title = us[0][1]
    us = us[1:]
    teaser = None
    if len(us) > 1 and us[0][0] == "text" and not is_image_line(us[0][1]) and (
        (us[1][0] == "text" and is_image_line(us[1][1])) or us[1][0] == "list"
    ):
        teaser = us[0][1]
        us = us[1:]
    image_url = "https://images.news.de/%s/1200x675/%s.jpg" % (number, slug(title)[:30])
    caption = credit = None
    while us and us[0][0] == "text" and is_image_line(us[0][1]):
        line = us[0][1]
        match = CREDIT.match(line)
        if match:
            caption, credit = match.group(1), match.group(2)
        us = us[1:]
    if caption or credit:
        content.append(
            '<figure class="article-image"><img src="%s" alt="%s" width="1200" height="675"/>'
            '<span class="viewer">(Foto) Suche</span>'
            '<figcaption>%s <span class="credit">Bild: %s</span></figcaption></figure>'
            % (esc(image_url), esc(caption or ""), esc(caption or ""), esc(credit or "")))
    if us and us[0][0] == "list":
        css = "share" if all(i.startswith("Artikel teilen") for i in us[0][1]) else "highlights"
        content.append('<ul class="%s">%s</ul>' % (css, "".join("<li>%s</li>" % esc(i) for i in us[0][1])))
        us = us[1:]
    content.append('<div class="social-share"><a href="https://www.facebook.com/sharer.php">Facebook</a> '
                   '<a href="https://twitter.com/share">Twitter</a> <a href="mailto:">E-Mail</a></div>')
    body = us
    description = teaser
    if description is None:
        description = next(u[1] for u in body if u[0] == "text")

    related_next = False
    for index, (kind, value) in enumerate(body):
        if kind == "list":
            content.append("<ul>%s</ul>" % "".join("<li>%s</li>" % esc(i) for i in value))
            continue
        line = value
        label = RELATED_LABEL.match(line)
        following = body[index + 1] if index + 1 < len(body) else None
        if related_next:
            content.append('<p class="related"><a href="https://www.news.de/politik/%s/">%s</a></p>' % (slug(line), esc(line)))
            related_next = False
        elif label and label.group(2):
            content.append('<p><strong>%s:</strong> <a href="https://www.news.de/politik/%s/?utm_source=intern">%s</a></p>'
                           % (esc(label.group(1)), slug(label.group(2)), esc(label.group(2))))
        elif label:
            content.append('<p class="related-label"><strong>%s:</strong></p>' % esc(label.group(1)))
            related_next = True
        elif line.startswith("Folgen Sie News.de"):
            content.append("<p><em>%s</em></p>" % esc(line))
        elif line.startswith("Erfahren Sie hier mehr"):
            content.append('<p class="standards"><a href="https://www.news.de/standards/">%s</a></p>' % esc(line))
        elif line.startswith("Alle aktuellen Entwicklungen"):
            content.append('<p><a href="https://www.news.de/politik/ukraine-krieg/">%s</a></p>' % esc(line))
        elif AUTHOR_LINE.match(line):
            content.append('<p class="author">%s</p>' % esc(line))
        elif line.startswith("Themen") or line.startswith("Beliebteste Artikel"):
            content.append('<div class="topics"><h3>%s</h3></div>' % esc(line))
        elif following is not None and following[0] == "text" and heading_like(line):
            content.append("<h2>%s</h2>" % esc(line))
        else:
            content.append("<p>%s</p>" % esc(line))
    content.append('<img src="https://ssl-vg03.met.vgwort.de/na/%s" width="1" height="1" alt=""/>' % ("%032x" % (number * 7919)))
    content.append('<script>window.newsde && newsde.track("%s");</script>' % number)

    link = "https://www.news.de/politik/8560%05d/%s/1/" % (number, slug(title))
    lines = [
        "    <item>",
        "      <title>%s</title>" % esc(title),
        "      <link>%s?utm_source=rss&amp;utm_medium=feed&amp;wt_mc=rss.politik</link>" % link,
        '      <guid isPermaLink="true">%s</guid>' % link,
        "      <description>%s</description>" % esc(description),
        "      <content:encoded><![CDATA[%s]]></content:encoded>" % "\n".join(content),
        "      <pubDate>%s</pubDate>" % PUBLISHED[number % len(PUBLISHED)],
        "      <category>%s</category>" % esc(section or "Politik"),
        '      <enclosure url="%s" type="image/jpeg" length="0"/>' % esc(image_url),
        "    </item>",
    ]
    return "\n".join(lines)


def main():
    print('<?xml version="1.0" encoding="UTF-8"?>')
    print('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
          ' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">')
    print("  <channel>")
    print("    <title>news.de - Politik</title>")
    print("    <link>https://www.news.de/politik/</link>")
    print("    <description>Aktuelle Nachrichten aus der Politik - news.de</description>")
    print("    <language>de-de</language>")
    print("    <copyright>Copyright (c) news.de GmbH</copyright>")
    print("    <ttl>1</ttl>")
    print('    <atom:link href="https://www.news.de/rss/politik/" rel="self" type="application/rss+xml"/>')
    for number, path in enumerate(SEEDS):
        print(item_for(path, number))
    print("  </channel>")
    print("</rss>")


if __name__ == "__main__":
    main()
