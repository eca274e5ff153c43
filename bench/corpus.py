#!/usr/bin/env python3
"""Deterministic news-feed corpus for `make bench`: German and English feeds in every format the
parser reads (RSS 2.0 with CDATA HTML and entities, Atom 1.0, RSS 1.0/RDF, RSS in ISO-8859-1, JSON
Feed 1.1), items of realistic size (a teaser, often the full article as HTML). Same seed, same bytes.

usage: corpus.py OUTDIR MEGABYTES [SEED]
"""
import hashlib
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

DE_NOUNS = ["Bundesregierung", "Kanzler", "Koalition", "Haushalt", "Inflation", "Zinsen", "Bundestag",
            "Opposition", "Wahlkampf", "Umfrage", "Wirtschaft", "Arbeitsmarkt", "Energiepreise", "Strompreis",
            "Heizung", "Wärmepumpe", "Bahn", "Streik", "Gewerkschaft", "Tarifverhandlungen", "Klimaschutz",
            "Hochwasser", "Unwetter", "Polizei", "Staatsanwaltschaft", "Gericht", "Urteil", "Ermittlungen",
            "Ukraine", "Russland", "Waffenstillstand", "Verhandlungen", "Sanktionen", "Flüchtlinge", "Grenze",
            "Bundesliga", "Trainer", "Krankenhaus", "Pflege", "Rente", "Bürgergeld", "Steuern", "Börse",
            "Autoindustrie", "Elektroauto", "Zölle", "Exporte", "Unternehmen", "Insolvenz", "Stellenabbau",
            "Digitalisierung", "Künstliche Intelligenz", "Datenschutz", "Schule", "Lehrer", "Universität"]
DE_VERBS = ["kritisiert", "fordert", "beschließt", "warnt vor", "verschiebt", "kündigt an", "lehnt ab",
            "verteidigt", "bestätigt", "dementiert", "plant", "prüft", "verhandelt über", "stimmt zu"]
DE_FILL = ["der", "die", "das", "und", "in", "mit", "für", "auf", "nach", "über", "am", "bei", "von", "zum",
           "nicht", "auch", "noch", "wie", "erneut", "deutlich", "bereits", "laut", "Angaben", "zufolge",
           "am Montag", "in Berlin", "in München", "heute", "weiter", "mehr als", "Prozent", "Millionen", "größer",
           "Straße", "Maßnahmen", "Äußerungen", "Öffentlichkeit", "Übergangsfrist"]
EN_NOUNS = ["government", "prime minister", "parliament", "election", "poll", "economy", "inflation",
            "interest rates", "central bank", "budget", "tariffs", "trade", "exports", "markets", "shares",
            "strike", "union", "police", "court", "ruling", "investigation", "Ukraine", "Russia", "ceasefire",
            "talks", "sanctions", "migration", "border", "climate", "flooding", "storm", "wildfire", "hospital",
            "energy prices", "artificial intelligence", "data breach", "schools", "Premier League", "housing"]
EN_VERBS = ["criticises", "demands", "approves", "warns of", "delays", "announces", "rejects", "defends",
            "confirms", "denies", "plans", "reviews", "negotiates", "agrees to", "raises", "cuts"]
EN_FILL = ["the", "a", "and", "in", "with", "for", "on", "after", "over", "at", "by", "from", "to", "not",
           "also", "again", "sharply", "already", "according to", "officials", "said", "on Monday",
           "in London", "today", "further", "more than", "per cent", "million", "café", "naïve"]
SITES_DE = [("tagesschau.de", "tagesschau.de - Die Nachrichten der ARD"), ("spiegel.de", "DER SPIEGEL"),
            ("zeit.de", "ZEIT ONLINE"), ("faz.net", "FAZ.NET"), ("sueddeutsche.de", "Süddeutsche Zeitung")]
SITES_EN = [("bbc.co.uk", "BBC News"), ("theguardian.com", "The Guardian"), ("reuters.com", "Reuters"),
            ("apnews.com", "AP News"), ("npr.org", "NPR")]
SECTIONS = ["Politik", "Wirtschaft", "Sport", "Panorama", "World", "Business", "Technology", "UK"]


class Writer:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.serial = 0

    def sentence(self, german):
        r = self.r
        nouns, verbs, fill = (DE_NOUNS, DE_VERBS, DE_FILL) if german else (EN_NOUNS, EN_VERBS, EN_FILL)
        words = [r.choice(nouns), r.choice(verbs)]
        for _ in range(r.randint(6, 20)):
            words.append(r.choice(nouns) if r.random() < 0.3 else r.choice(fill))
        if r.random() < 0.15:
            words.insert(r.randint(1, len(words)), '„Wir stehen am Anfang“' if german else '"we are at the start"')
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def item(self, german, when):
        r = self.r
        self.serial += 1
        nouns, verbs = (DE_NOUNS, DE_VERBS) if german else (EN_NOUNS, EN_VERBS)
        title = f"{r.choice(nouns)}: {r.choice(nouns)} {r.choice(verbs)} {r.choice(nouns)}"
        if r.random() < 0.2:
            title += " & mehr" if german else " & more"
        teaser = " ".join(self.sentence(german) for _ in range(r.randint(1, 3)))
        paragraphs = []
        if r.random() < 0.7:  # the full article, as many German and English feeds ship it
            for _ in range(r.randint(3, 14)):
                paragraphs.append(" ".join(self.sentence(german) for _ in range(r.randint(2, 5))))
        return {
            "serial": self.serial, "title": title, "teaser": teaser, "paragraphs": paragraphs,
            "when": when - timedelta(minutes=r.randint(0, 600)),
            "section": r.choice(SECTIONS), "author": r.choice(["Anna Berger", "Jonas Weber", "Sarah Miller", "Tom Hughes", None]),
        }


def item_html(item, site):
    parts = [f'<p><img src="https://{site}/img/{item["serial"]}.jpg" alt="Foto" width="640" height="360" /></p>']
    parts.append(f"<p><strong>{escape(item['teaser'])}</strong></p>")
    for i, p in enumerate(item["paragraphs"]):
        if i == 2:
            parts.append(f"<h2>{escape(p.split('.')[0])}</h2>")
        parts.append(f"<p>{escape(p)} <a href=\"https://{site}/thema/{i}\">mehr</a></p>")
    return "\n".join(parts)


def rss(w, site, name, german, count, when, latin1=False):
    items = []
    for _ in range(count):
        it = w.item(german, when)
        link = f"https://www.{site}/{it['section'].lower()}/artikel-{it['serial']}.html"
        extra = ""
        if it["paragraphs"]:
            extra = f"\n      <content:encoded><![CDATA[{item_html(it, site)}]]></content:encoded>"
        author = f"\n      <dc:creator>{escape(it['author'])}</dc:creator>" if it["author"] else ""
        # Entities the way real feeds mix them: named, numeric, and double-escaped HTML in description.
        teaser = escape(it["teaser"]).replace("&quot;", "&#34;")
        items.append(f"""    <item>
      <title>{escape(it['title'])}</title>
      <link>{link}</link>
      <guid isPermaLink="false">{site}-{it['serial']}</guid>
      <pubDate>{format_datetime(it['when'])}</pubDate>
      <category>{it['section']}</category>{author}
      <description>{teaser} &#8211; &lt;a href="{link}"&gt;mehr&lt;/a&gt;</description>{extra}
      <enclosure url="https://{site}/img/{it['serial']}.jpg" type="image/jpeg" length="123456" />
    </item>""")
    encoding = "ISO-8859-1" if latin1 else "UTF-8"
    text = f"""<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{escape(name)}</title>
    <link>https://www.{site}/</link>
    <description>{escape(name)} – Nachrichten</description>
    <language>{'de' if german else 'en'}</language>
    <atom:link href="https://www.{site}/index~rss2.xml" rel="self" type="application/rss+xml" />
    <lastBuildDate>{format_datetime(when)}</lastBuildDate>
{chr(10).join(items)}
  </channel>
</rss>
"""
    if latin1:
        # Characters ISO-8859-1 lacks (typographic quotes, dashes) become character references.
        return text.encode("iso-8859-1", "xmlcharrefreplace")
    return text.encode("utf-8")


def atom(w, site, name, german, count, when):
    entries = []
    for _ in range(count):
        it = w.item(german, when)
        link = f"https://www.{site}/{it['section'].lower()}/{it['serial']}"
        stamp = it["when"].isoformat().replace("+00:00", "Z")
        content = ""
        if it["paragraphs"]:
            content = f'\n    <content type="html">{escape(item_html(it, site))}</content>'
        author = f"\n    <author><name>{escape(it['author'])}</name></author>" if it["author"] else ""
        entries.append(f"""  <entry>
    <title type="html">{escape(escape(it['title']))}</title>
    <link rel="alternate" type="text/html" href="{link}"/>
    <id>tag:{site},2026:{it['serial']}</id>
    <published>{stamp}</published>
    <updated>{stamp}</updated>{author}
    <category term="{it['section']}"/>
    <summary type="text">{escape(it['teaser'])}</summary>{content}
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{'de' if german else 'en'}">
  <title>{escape(name)}</title>
  <link rel="alternate" href="https://www.{site}/"/>
  <link rel="self" href="https://www.{site}/atom.xml"/>
  <id>https://www.{site}/</id>
  <updated>{when.isoformat().replace('+00:00', 'Z')}</updated>
{chr(10).join(entries)}
</feed>
""".encode("utf-8")


def rdf(w, site, name, german, count, when):
    items, seq = [], []
    for _ in range(count):
        it = w.item(german, when)
        link = f"https://www.{site}/meldung/{it['serial']}"
        seq.append(f'        <rdf:li rdf:resource="{link}"/>')
        body = " ".join([it["teaser"]] + it["paragraphs"][:3])
        items.append(f"""  <item rdf:about="{link}">
    <title>{escape(it['title'])}</title>
    <link>{link}</link>
    <description>{escape(body)}</description>
    <dc:date>{it['when'].isoformat()}</dc:date>
    <dc:subject>{it['section']}</dc:subject>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://www.{site}/">
    <title>{escape(name)}</title>
    <link>https://www.{site}/</link>
    <description>{escape(name)}</description>
    <items>
      <rdf:Seq>
{chr(10).join(seq)}
      </rdf:Seq>
    </items>
  </channel>
{chr(10).join(items)}
</rdf:RDF>
""".encode("utf-8")


def json_feed(w, site, name, german, count, when):
    items = []
    for _ in range(count):
        it = w.item(german, when)
        entry = {
            "id": f"{site}-{it['serial']}",
            "url": f"https://www.{site}/a/{it['serial']}",
            "title": it["title"],
            "summary": it["teaser"],
            "date_published": it["when"].isoformat(),
            "tags": [it["section"]],
        }
        if it["paragraphs"]:
            entry["content_html"] = item_html(it, site)
        else:
            entry["content_text"] = it["teaser"]
        if it["author"]:
            entry["authors"] = [{"name": it["author"]}]
        items.append(entry)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": name, "home_page_url": f"https://www.{site}/",
            "feed_url": f"https://www.{site}/feed.json", "language": "de" if german else "en", "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")


# Share of the corpus's feeds by format, roughly as in a German/English news reader's subscriptions.
FORMATS = [("rss", 0.50), ("atom", 0.20), ("rdf", 0.10), ("rss-latin1", 0.10), ("json", 0.10)]


def main():
    outdir, megabytes = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261121
    stamp = hashlib.sha256(open(__file__, "rb").read() + f"{megabytes}:{seed}".encode()).hexdigest()
    stamp_path = os.path.join(outdir, ".stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        print(f"corpus {outdir} up to date")
        return
    os.makedirs(outdir, exist_ok=True)
    for old in os.listdir(outdir):
        os.remove(os.path.join(outdir, old))
    w = Writer(seed)
    when = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
    target = int(megabytes * 1_000_000)
    total, n = 0, 0
    while total < target:
        pick = w.r.random()
        kind = FORMATS[-1][0]
        for name, share in FORMATS:
            if pick < share:
                kind = name
                break
            pick -= share
        german = w.r.random() < 0.6 or kind == "rss-latin1"
        site, name = w.r.choice(SITES_DE if german else SITES_EN)
        count = w.r.randint(20, 80)
        if kind == "rss":
            data, ext = rss(w, site, name, german, count, when), "xml"
        elif kind == "rss-latin1":
            data, ext = rss(w, site, name, german, count, when, latin1=True), "xml"
        elif kind == "atom":
            data, ext = atom(w, site, name, german, count, when), "xml"
        elif kind == "rdf":
            data, ext = rdf(w, site, name, german, count, when), "xml"
        else:
            data, ext = json_feed(w, site, name, german, count, when), "json"
        n += 1
        with open(os.path.join(outdir, f"{n:05d}-{kind}.{ext}"), "wb") as f:
            f.write(data)
        total += len(data)
        when -= timedelta(minutes=17)
    with open(stamp_path, "w") as f:
        f.write(stamp)
    print(f"corpus {outdir}: {n} feeds, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
