"""Floor peer of the rules table: the same generated rules (RuleGenerator, seed 9) against the same
generated articles (ArticleGenerator, seed 2; warm-up seed 1), evaluated with Python's `re`. Each leaf
of a rule (a word, a quoted phrase, `pre*`, `*suf`, `A NEAR/5 B`) is one compiled case-insensitive
regex with word boundaries, tried only when the leaf's longest literal word
occurs in the text as a substring; AND, OR and NOT are Python logic over the leaves. Per article, timed: the
text is folded (lower case, marks dropped, ß → ss) and every rule evaluated. No term index, no
shared work between rules: the plain way, a floor for the compiled matcher.

usage: rules_peer.py RULES ARTICLES — prints `key value` lines like newswatch-bench rules."""
import re
import statistics
import sys
import time
import unicodedata

import bench_articles

FOLD = {"ß": "ss"}


def fold(text):
    text = "".join(FOLD.get(c, c) for c in text.lower()) if "ß" in text else text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def phrase_pattern(text):
    return r"\W+".join(re.escape(w) for w in re.findall(r"\w+", fold(text)))


TOKEN = re.compile(r'\s*(\(|\)|"[^"]*"|[^\s()"]+(?:"[^"]*")?)')


class RuleParser:
    """The query language's forms the generator writes: implicit AND, AND, OR, NOT, parentheses,
    "phrases", pre*, *suf, A NEAR/n B, title: and source: scopes."""

    def __init__(self, text):
        self.tokens = TOKEN.findall(text)
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self):
        self.at += 1
        return self.tokens[self.at - 1]

    def parse(self):
        node = self.or_expr()
        assert self.peek() is None, self.tokens
        return node

    def or_expr(self):
        children = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else lambda t, cs=children: any(c(t) for c in cs)

    def and_expr(self):
        children = [self.unary()]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
            children.append(self.unary())
        return children[0] if len(children) == 1 else lambda t, cs=children: all(c(t) for c in cs)

    def unary(self):
        token = self.peek()
        if token == "NOT":
            self.take()
            inner = self.unary()
            return lambda t: not inner(t)
        if token == "(":
            self.take()
            node = self.or_expr()
            assert self.take() == ")"
            return node
        field, pattern = self.leaf()
        needle = max(re.findall(r"\w+", pattern.replace("\\w", " ").replace("(?#suffix)", "")), key=len, default="")
        if self.peek() and self.peek().startswith("NEAR/"):
            distance = int(self.take()[5:])
            _, other = self.leaf()
            gap = r"\W+(?:\w+\W+){0,%d}?" % (distance - 1)
            pattern = rf"(?:{pattern}{gap}{other}|{other}{gap}{pattern})"
        if field == "source":
            return lambda t, s=pattern: t["source"] == s
        regex = re.compile(r"\b" + pattern + r"\b") if not pattern.startswith("(?#suffix)") else re.compile(pattern + r"\b")
        search = regex.search
        # Python's re tries a pattern that starts with \b at every position; a substring test for
        # the leaf's longest literal word first (str.find is a fast search) rejects most articles.
        return lambda t, f=field: needle in t[f] and search(t[f]) is not None

    def leaf(self):
        token = self.take()
        field = "all"
        if token.startswith(("title:", "source:")):
            field, token = token.split(":", 1)
        if field == "source":
            return field, token.lower()
        if token.startswith('"'):
            return field, phrase_pattern(token.strip('"'))
        if token.endswith("*"):
            return field, re.escape(fold(token[:-1])) + r"\w*"
        if token.startswith("*"):
            return field, "(?#suffix)" + re.escape(fold(token[1:]))
        return field, re.escape(fold(token))


def fields(article):
    title = fold(article["title"])
    return {"title": title, "all": "\n".join([title, fold(article["teaser"])] + [fold(p) for p in article["body"]]),
            "source": article["source"].lower()}


def main():
    rule_count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    article_count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    generator = bench_articles.RuleGenerator(9)
    rules = [RuleParser(generator.next()).parse() for _ in range(rule_count)]
    fetched = 1_790_000_000
    warm = bench_articles.ArticleGenerator(1)
    warm_up = [warm.next(fetched) for _ in range(1000)]
    articles_generator = bench_articles.ArticleGenerator(2)
    articles = [articles_generator.next(fetched) for _ in range(article_count)]
    for article in warm_up:
        t = fields(article)
        sum(1 for rule in rules if rule(t))
    timings, cpu_timings, hits = [], [], 0
    for article in articles:
        c0 = time.thread_time()
        t0 = time.perf_counter()
        t = fields(article)
        hits += sum(1 for rule in rules if rule(t))
        timings.append(time.perf_counter() - t0)
        cpu_timings.append(time.thread_time() - c0)
    timings.sort()
    print(f"rules_{rule_count}_median_us {statistics.median(timings) * 1e6}")
    print(f"rules_{rule_count}_p99_us {timings[min(len(timings) - 1, int(len(timings) * 0.99))] * 1e6}")
    print(f"rules_{rule_count}_cpu_median_us {statistics.median(cpu_timings) * 1e6}")
    print(f"rules_{rule_count}_hits_per_article {hits / len(articles)}")
    print(f"articles {len(articles)}")


if __name__ == "__main__":
    main()
