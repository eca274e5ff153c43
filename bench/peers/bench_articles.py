"""The articles and rules newswatch-bench generates (SeededRandom in Sources/NewswatchTestSupport;
ArticleGenerator and RuleGenerator in Sources/newswatch-bench), generated the same way in Python for the floor peers of the archive
and rules tables, so a peer works on the same text as newswatch. The word lists are read from
Vocabulary.swift itself, so the two sides cannot drift apart."""
import os
import re

SOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "newswatch-bench")
MASK = (1 << 64) - 1


class SeededRandom:
    """SplitMix64, as Sources/NewswatchTestSupport/SeededRandom.swift."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        state = self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def pick(self, items):
        return items[self.next() % len(items)]

    def chance(self, p):
        return self.next() % 1_000_000 < p * 1_000_000


def _vocabulary():
    with open(os.path.join(SOURCES, "Vocabulary.swift"), encoding="utf-8") as f:
        text = f.read()
    lists = {}
    for name, body in re.findall(r"static let (\w+)(?:: \[String\])? = \[(.*?)\]", text, re.S):
        lists[name] = re.findall(r'"([^"]*)"', body)
    first, second = (re.findall(r'"([^"]*)"', b) for b in
                     re.search(r"let first = \[(.*?)\]\s*let second = \[(.*?)\]", text, re.S).groups())
    lists["entities"] = [f + s for f in first for s in second]
    return lists


V = _vocabulary()


class ArticleGenerator:
    """ArticleGenerator.swift: the same draws in the same order, so the same articles."""

    def __init__(self, seed):
        self.random = SeededRandom(seed)
        self.serial = 0

    def sentence(self, german, nouns):
        r = self.random
        verbs = V["germanVerbs"] if german else V["englishVerbs"]
        fill = V["germanFill"] if german else V["englishFill"]
        words = [r.pick(nouns), r.pick(verbs)]
        for _ in range(6 + r.next() % 14):
            if r.chance(0.01):
                words.append(r.pick(V["entities"]))
            else:
                words.append(r.pick(nouns) if r.chance(0.3) else r.pick(fill))
        text = " ".join(words)
        return text[:1].upper() + text[1:] + "."

    def next(self, fetched):
        r = self.random
        self.serial += 1
        serial = self.serial
        german = serial % 2 == 0
        nouns = V["germanNouns"] if german else V["englishNouns"]
        verbs = V["germanVerbs"] if german else V["englishVerbs"]
        topic = [r.pick(nouns) for _ in range(5)]
        title = f"{r.pick(topic)} {r.pick(verbs)} {r.pick(topic)} ({serial})"
        teaser = " ".join(self.sentence(german, topic) for _ in range(1 + r.next() % 2))
        body = []
        for _ in range(3 + r.next() % 6):
            body.append(" ".join(self.sentence(german, topic) for _ in range(2 + r.next() % 3)))
        source = r.pick(V["sources"])
        article = {"title": title, "teaser": teaser, "body": body,
                   "url": f"https://{source}/artikel/{serial}", "guid": f"urn:bench:{serial}", "source": source}
        article["section"] = r.pick(V["sections"])
        article["authors"] = ["Anna Berger"] if r.chance(0.5) else []
        article["topics"] = [r.pick(V["topics"])]
        article["language"] = "de" if german else "en"
        article["published"] = fetched - r.next() % 7200
        article["fetched"] = fetched
        return article


class RuleGenerator:
    """RuleGenerator.swift: the same 1,000 rule texts."""

    def __init__(self, seed):
        self.random = SeededRandom(seed)

    def word(self):
        r = self.random
        pool = V["germanNouns"] if r.chance(0.5) else V["englishNouns"]
        if r.chance(0.7):
            return r.pick(V["entities"])
        noun = r.pick(pool)
        return f'"{noun}"' if " " in noun else noun

    def single_word(self):
        r = self.random
        while True:
            candidate = r.pick(V["germanNouns"] if r.chance(0.5) else V["englishNouns"])
            if " " not in candidate and len(candidate) >= 5:
                return candidate

    def next(self):
        r = self.random
        kind = r.next() % 10
        if kind == 0:
            return self.word()
        if kind == 1:
            return f"{self.word()} {self.word()}"
        if kind == 2:
            return f"{self.word()} OR {self.word()} OR {self.word()}"
        if kind == 3:
            return f"{self.single_word()[:5]}*"
        if kind == 4:
            return f"*{self.single_word()[-5:]}"
        if kind == 5:
            return f"title:{self.word()} AND {self.word()}"
        if kind == 6:
            return f"({self.word()} OR {self.word()}) NOT {self.word()}"
        if kind == 7:
            return f"{self.word()} NEAR/5 {self.word()}"
        if kind == 8:
            return f"source:{r.pick(V['sources'])} AND {self.word()}"
        return f'"{r.pick(V["entities"])} {r.pick(V["englishVerbs"]).split(" ")[0]}"'
