#!/usr/bin/env python3
"""A chaos feed server on loopback, for the daemon's tests and the soak run (`make soak`).

    python3 scripts/chaos_feed_server.py [--port 0] [--seed 1] [--items 3] [--publish-every 120] [--huge-kb 600]

Prints `listening 127.0.0.1:PORT` on its first line of output, then serves until killed:

  /good/N          a well-behaved RSS feed: `--items` items at start, one more every `--publish-every`
                   seconds (each feed at its own phase), never one removed; ETag and 304. Its items are
                   a pure function of (seed, N, index), see `good_item`, so a checker knows what it
                   published. Every 7th item (by N + index) has the word "Soakmarker" in its title.
  /chaos/N         per request, a misbehaviour drawn at random from KINDS (seeded per path, so the
                   sequence a path gives does not depend on how requests interleave).
  /kind/NAME/N     always the misbehaviour NAME (for tests that want each one exactly).
  /control/freeze  stop publishing: the good feeds stay as they are from now on.
  /control/published/K  JSON {"feeds": {N: [[guid, title], ...]}}: what good feeds 0..<K have served.

Python with asyncio, standard library only: one process serves a thousand feeds whose misbehaviours
(a never-ending body, a one-byte drip, a hung response) hold their connection open for many seconds,
which is one coroutine each here rather than a thread each; gzip, zlib and random are at hand; and the
soak's checker imports this module to know the good feeds' items.
"""
import argparse
import asyncio
import gzip
import hashlib
import json
import random
import socket
import struct
import sys
import time
import zlib
from email.utils import formatdate
from xml.sax.saxutils import escape

KINDS = (
    "valid", "status500", "status429", "reset", "endless", "drip", "garbage", "truncated_gzip",
    "gzip_bomb", "wrong_charset", "huge_item", "redirect_loop", "changing", "hang", "entity_bomb",
)

SYLLABLES = ("ka to ri mu se na lo pe vi du ra ne mo ti sa ku le po fa gi ho ze wa ly be".split())


def pseudo_words(rng, count):
    """Words of no language, so that no two generated texts are near-duplicates of each other."""
    return [("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))) for _ in range(count)]


def good_item(seed, feed, index):
    """The `index`th item the good feed `feed` publishes: (guid, title, body paragraphs)."""
    rng = random.Random(f"{seed}/good/{feed}/{index}")
    marker = " Soakmarker" if (feed + index) % 7 == 0 else ""
    title = f"Meldung {feed}-{index}:{marker} " + " ".join(pseudo_words(rng, 6)).capitalize()
    body = [" ".join(pseudo_words(rng, 40)).capitalize() + "." for _ in range(2)]
    return f"good-{feed}-{index}", title, body


def is_alerting(title):
    return "Soakmarker" in title


def rss(title, items, encoding="UTF-8"):
    """items: (guid, title, [paragraphs]). Returns the document as text."""
    entries = "".join(
        f'<item><guid isPermaLink="false">{escape(guid)}</guid><title>{escape(item_title)}</title>'
        f"<link>http://example.org/{escape(guid)}</link>"
        f"<pubDate>Mon, 09 Dec 2024 14:05:00 +0100</pubDate>"
        f"<description><![CDATA[{''.join(f'<p>{p}</p>' for p in body)}]]></description></item>\n"
        for guid, item_title, body in items)
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>http://example.org/</link>\n{entries}</channel></rss>\n")


def chaos_items(seed, feed, generation, count=3):
    rng = random.Random(f"{seed}/chaos/{feed}/{generation}")
    return [(f"chaos-{feed}-{generation}-{i}", " ".join(pseudo_words(rng, 7)).capitalize(),
             [" ".join(pseudo_words(rng, 30)).capitalize() + "."]) for i in range(count)]


class Response:
    def __init__(self, status=200, headers=None, body=b""):
        self.status, self.headers, self.body = status, list(headers or []), body


REASONS = {200: "OK", 302: "Found", 304: "Not Modified", 404: "Not Found", 429: "Too Many Requests",
           500: "Internal Server Error"}


class ChaosServer:
    def __init__(self, seed, items, publish_every, huge_kilobytes=600):
        self.seed, self.items, self.publish_every = seed, items, publish_every
        self.huge_kilobytes = huge_kilobytes
        self.started = time.monotonic()
        self.frozen_at = None
        self.path_rngs = {}
        self.poll_counts = {}
        self.gzip_bomb = self._make_gzip_bomb()
        # Made once: generating them per request made this one-threaded server the bottleneck.
        rng = random.Random(f"{seed}/huge")
        self.huge_text = [" ".join(pseudo_words(rng, 60)) + "." for _ in range(huge_kilobytes * 1024 // 420)]
        items = rss("", chaos_items(seed, -1, 0, 32))
        self.endless_chunk = items[items.index("<item>"): items.rindex("</channel>")].encode()

    @staticmethod
    def _make_gzip_bomb(megabytes=32):
        """32 MiB of zeros in 32 KB of gzip: past the daemon's default size limit (10 MiB) once inflated."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = bytes(1 << 20)
        return b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()

    # -- the good feeds --------------------------------------------------------------------------

    def published_count(self, feed):
        now = self.frozen_at if self.frozen_at is not None else time.monotonic()
        phase = (feed * 7919) % self.publish_every
        return self.items + int((now - self.started + phase) // self.publish_every)

    def good_feed(self, feed, request_headers):
        count = self.published_count(feed)
        items = [good_item(self.seed, feed, index) for index in reversed(range(count))]
        body = rss(f"Good feed {feed}", items).encode()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        if request_headers.get("if-none-match") == etag:
            return Response(304, [("ETag", etag)])
        return Response(200, [("Content-Type", "application/rss+xml; charset=utf-8"), ("ETag", etag)], body)

    def published(self, feeds):
        """What the good feeds 0..<feeds have served (or will serve, when frozen): guid and title."""
        return {"feeds": {feed: [list(good_item(self.seed, feed, i)[:2]) for i in range(self.published_count(feed))]
                          for feed in range(feeds)}}

    # -- the chaos feeds -------------------------------------------------------------------------

    def pick_kind(self, path):
        rng = self.path_rngs.setdefault(path, random.Random(f"{self.seed}{path}"))
        return rng.choice(KINDS)

    def next_generation(self, path):
        self.poll_counts[path] = self.poll_counts.get(path, 0) + 1
        return self.poll_counts[path]

    async def chaos(self, kind, feed, path, writer):
        """Answers with the misbehaviour `kind`; returns a Response, or None when it wrote (or did
        not write) the answer itself."""
        xml = lambda items: rss(f"Chaos feed {feed}", items)
        valid = xml(chaos_items(self.seed, feed, 0)).encode()
        feed_type = ("Content-Type", "application/rss+xml")
        if kind == "valid":
            return Response(200, [feed_type], valid)
        if kind == "status500":
            return Response(500, [("Content-Type", "text/html")], b"<html><body>Internal Server Error</body></html>")
        if kind == "status429":
            retry = random.Random(f"{self.seed}{path}{self.next_generation(path)}").choice((5, 30, 90))
            return Response(429, [("Retry-After", str(retry))], b"slow down\n")
        if kind == "reset":
            head = self.head(200, [feed_type, ("Content-Length", str(len(valid)))])
            writer.write(head + valid[: len(valid) // 3])
            await writer.drain()
            reset(writer)
            return None
        if kind == "endless":
            writer.write(self.head(200, [feed_type], length=False) + valid[: valid.index(b"<item>")])
            while True:  # until the client gives up and the write fails
                writer.write(self.endless_chunk)
                await writer.drain()
                await asyncio.sleep(0.02)
        if kind == "drip":
            writer.write(self.head(200, [feed_type, ("Content-Length", str(len(valid)))]))
            for byte in valid:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(0.25)
            return None
        if kind == "hang":
            await asyncio.sleep(3600)
        if kind == "garbage":
            rng = random.Random(f"{self.seed}{path}{self.next_generation(path)}")
            return Response(200, [feed_type], bytes(rng.randrange(256) for _ in range(rng.randint(1, 20000))))
        if kind == "truncated_gzip":
            packed = gzip.compress(valid)
            return Response(200, [feed_type, ("Content-Encoding", "gzip")], packed[: len(packed) // 2])
        if kind == "gzip_bomb":
            return Response(200, [feed_type, ("Content-Encoding", "gzip")], self.gzip_bomb)
        if kind == "wrong_charset":
            text = xml([(f"charset-{feed}", "Überläufer: Flüchtlinge an der Straße", ["Grüße aus Köln — «ça va»."])])
            variants = [
                # Header says UTF-8, the bytes are Latin-1.
                (("Content-Type", "application/rss+xml; charset=utf-8"), text.replace("UTF-8", "ISO-8859-1").encode("latin-1", "replace")),
                # The declaration says ISO-8859-1, the bytes are UTF-8.
                (("Content-Type", "application/rss+xml"), text.replace("UTF-8", "ISO-8859-1").encode()),
                # A charset nobody knows.
                (("Content-Type", "application/rss+xml; charset=x-no-such-charset"), text.replace("UTF-8", "x-no-such-charset").encode()),
            ]
            header, body = random.Random(f"{path}{self.next_generation(path)}").choice(variants)
            return Response(200, [header], body)
        if kind == "huge_item":
            # One item of about --huge-kb kilobytes: the same long text under each feed's own title.
            return Response(200, [feed_type], xml([(f"huge-{feed}", f"Ein sehr langer Artikel {feed}", self.huge_text)]).encode())
        if kind == "redirect_loop":
            return Response(302, [("Location", f"/kind/redirect_loop/{feed}")])
        if kind == "changing":
            generation = self.next_generation(path)
            items = chaos_items(self.seed, feed, generation) + [
                (f"chaos-{feed}-stable", f"Laufend aktualisiert {feed}", [f"Stand der Dinge, Fassung {generation}."])]
            return Response(200, [feed_type], xml(items).encode())
        if kind == "entity_bomb":
            lol = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
                f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
            body = valid.decode().replace("<rss", lol + "\n<rss", 1).replace("<title>Chaos", "<title>&j; Chaos", 1)
            return Response(200, [feed_type], body.encode())
        raise ValueError(kind)

    # -- HTTP ------------------------------------------------------------------------------------

    @staticmethod
    def head(status, headers, length=True):
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", "Connection: close",
                 f"Date: {formatdate(usegmt=True)}"] + [f"{k}: {v}" for k, v in headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def handle(self, reader, writer):
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            lines = request.decode("latin-1").split("\r\n")
            method, target = lines[0].split(" ")[:2]
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            response = await self.route(target.split("?")[0], headers, writer)
            if response is not None:
                head = self.head(response.status, response.headers + [("Content-Length", str(len(response.body)))])
                writer.write(head + (response.body if method != "HEAD" else b""))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError):
            pass
        finally:
            writer.close()

    async def route(self, path, headers, writer):
        parts = path.strip("/").split("/")
        try:
            if parts[0] == "good" and len(parts) == 2:
                return self.good_feed(int(parts[1]), headers)
            if parts[0] == "chaos" and len(parts) == 2:
                return await self.chaos(self.pick_kind(path), int(parts[1]), path, writer)
            if parts[0] == "kind" and len(parts) == 3 and parts[1] in KINDS:
                return await self.chaos(parts[1], int(parts[2]), path, writer)
        except ValueError:
            pass
        if path == "/control/freeze":
            self.frozen_at = self.frozen_at or time.monotonic()
            return Response(200, [], b"frozen\n")
        if parts[:2] == ["control", "published"] and len(parts) == 3 and parts[2].isdigit():
            body = json.dumps(self.published(int(parts[2])))
            return Response(200, [("Content-Type", "application/json")], body.encode())
        return Response(404, [], b"not found\n")


def reset(writer):
    """Closes the connection with a TCP RST instead of a FIN: a connection reset mid-body."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def serve(args):
    server = ChaosServer(args.seed, args.items, args.publish_every, args.huge_kb)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", args.port, backlog=1024)
    port = listener.sockets[0].getsockname()[1]
    print(f"listening 127.0.0.1:{port}", flush=True)
    async with listener:
        await listener.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--items", type=int, default=3, help="items each good feed has at start")
    parser.add_argument("--publish-every", type=float, default=120, help="seconds between a good feed's new items")
    parser.add_argument("--huge-kb", type=int, default=600, help="size of the huge single item")
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
