#!/usr/bin/env python3
"""Runs the benchmarks of `make bench` (called by run.sh after the builds) and writes
bench/results/latest.md (and latest.png when matplotlib is there).

Every contender of a table does the same work on the same files; each gets one warm-up run, then
RUNS measured runs, of which the median is reported. Processes are timed from outside (wall time,
user+system CPU and peak RSS from wait4), the same way for newswatch and for every peer.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import daemon_bench
import fulltext_bench
import polling_bench

HERE = os.path.dirname(os.path.abspath(__file__))
QUICK = os.environ.get("QUICK") == "1"
RUNS = int(os.environ.get("RUNS", "3"))
BENCH = os.environ["NEWSWATCH_BENCH"]
GOFEED = os.environ.get("GOFEED_BENCH", "")
FEEDPARSER = os.environ.get("FEEDPARSER_PYTHON", "")
XMLLINT = os.environ.get("XMLLINT", "")
CORPUS = os.environ["CORPUS"]
ARCHIVE_N = int(os.environ.get("ARCHIVE_N", "5000" if QUICK else "1000000"))
WORK = os.environ.get("BENCH_WORK", "/tmp/newswatch-bench")
NEWSWATCH = os.environ.get("NEWSWATCH", "")
NEWSBOAT = os.environ.get("NEWSBOAT", "")
POLL_FEEDS = int(os.environ.get("POLL_FEEDS", "30" if QUICK else "1000"))
POLL_ITEMS = int(os.environ.get("POLL_ITEMS", "10" if QUICK else "20"))
ARTICLE_PAGES = os.environ.get("ARTICLE_PAGES", "")
FULLTEXT_PYTHON = os.environ.get("FULLTEXT_PYTHON", "")
# The rules floor peer (Python re) needs about 5 ms per article for 1,000 rules: fewer articles in QUICK.
RULES_PEER_ARTICLES = int(os.environ.get("RULES_PEER_ARTICLES", "1000" if QUICK else "10000"))
MISSING = {}
if os.environ.get("MISSING_PEERS") and os.path.exists(os.environ["MISSING_PEERS"]):
    with open(os.environ["MISSING_PEERS"]) as f:
        MISSING = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


# The peak RSS that wait4 reports for a child includes the RSS of this Python process at the fork
# (Linux keeps the larger of the old and new address space's high-water mark across exec), so a
# 1 MB `true` measured 23 MB here, and 223 MB from a parent holding 200 MB. GNU time forks the
# command from its own small process and reports that process's peak (%M, KiB).
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(command):
    """One process, timed from outside: wall seconds, user+system CPU seconds (wait4) and peak RSS
    (MiB; GNU time's, see GNU_TIME) of that very process, and the `key value` lines it printed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        start = time.monotonic()
        process = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", peak.name] + command if GNU_TIME else command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command[:2])} failed ({process.returncode}): {err.read().decode(errors='replace')[-2000:]}")
        values = {}
        for line in out.read().decode(errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 2:
                try:
                    values[parts[0]] = float(parts[1])
                except ValueError:
                    pass
        rss = usage.ru_maxrss
        if GNU_TIME:
            rss = int(peak.read().split()[-1])  # after a line "Command exited with non-zero status" when it failed
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": rss / 1024, "values": values}


def measure(command, warm_up_command=None, runs=RUNS):
    """Medians of wall, CPU and peak RSS over `runs` runs after one warm-up run."""
    if warm_up_command:
        run_once(warm_up_command)
    samples = [run_once(command) for _ in range(runs)]
    return {"wall": statistics.median(s["wall"] for s in samples), "cpu": statistics.median(s["cpu"] for s in samples),
            "rss": statistics.median(s["rss"] for s in samples), "walls": [s["wall"] for s in samples],
            "values": samples[-1]["values"]}


def machine():
    cores = os.cpu_count()
    with open("/proc/meminfo") as f:
        total_kib = int(f.readline().split()[1])
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cores} cores ({model}), {total_kib / 1048576:.1f} GiB memory, {platform.system()} {platform.release()}"


def relation(speed):
    """How newswatch compares, from the peer's time divided by newswatch's."""
    return f"{speed:.2f}× faster" if speed >= 1 else f"{1 / speed:.2f}× slower"


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def met(ok):
    return "met" if ok else "**missed**"


def parse_benchmarks():
    files = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if not f.startswith("."))
    xml = [f for f in files if f.endswith(".xml")]
    xml_bytes = sum(os.path.getsize(f) for f in xml)
    all_bytes = sum(os.path.getsize(f) for f in files)
    for f in files:  # the page cache holds the corpus for every contender alike
        with open(f, "rb") as h:
            h.read()
    warm = xml[:5]
    contenders = [("newswatch", [BENCH, "parse"])]
    if XMLLINT:
        contenders.append(("xmllint --stream --noout", [XMLLINT, "--stream", "--noout"]))
    if GOFEED:
        contenders.append(("gofeed (Go)", [GOFEED]))
    if FEEDPARSER:
        contenders.append(("feedparser (Python)", [FEEDPARSER, os.path.join(HERE, "peers", "feedparser_bench.py")]))
    results = {}
    for name, base in contenders:
        print(f"parse: {name} over {len(xml)} XML feeds ({xml_bytes / 1e6:.0f} MB) ...", flush=True)
        results[name] = measure(base + xml, warm_up_command=base + warm)
    json_results = {}
    for name, base in contenders[:1] + [c for c in contenders if c[0].startswith("gofeed")]:
        print(f"parse: {name} over all {len(files)} feeds incl. JSON Feed ({all_bytes / 1e6:.0f} MB) ...", flush=True)
        r = measure(base + files, warm_up_command=base + files[:5])
        json_results[name] = r
    return {"xml": results, "all": json_results, "xml_files": len(xml), "xml_bytes": xml_bytes,
            "all_files": len(files), "all_bytes": all_bytes}


def rules_benchmark():
    print("rules: 1,000 rules x 10,000 articles ...", flush=True)
    runs = []
    for _ in range(RUNS):
        runs.append(run_once([BENCH, "rules", "1000", "10000"])["values"])
    keys = runs[0].keys()
    values = {k: statistics.median(r[k] for r in runs) for k in keys}
    values.update(rules_floor_peer())
    return values


def rules_floor_peer():
    """bench/peers/rules_peer.py: the same 1,000 rules with Python's re, `re_`-prefixed figures
    (medians of RUNS runs after a warm-up inside the process); an `re_error` when it failed."""
    print(f"rules: floor peer (Python re), 1,000 rules x {RULES_PEER_ARTICLES:,} articles ...", flush=True)
    try:
        runs = [run_once([sys.executable, os.path.join(HERE, "peers", "rules_peer.py"), "1000", str(RULES_PEER_ARTICLES)])["values"]
                for _ in range(RUNS)]
    except Exception as error:
        return {"re_error": str(error)[-300:]}
    return {"re_" + k: statistics.median(r[k] for r in runs) for k in runs[0]}


def archive_benchmark():
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "archive.sqlite")
    print(f"archive: {ARCHIVE_N:,} articles into {path} ...", flush=True)
    # One run: the archive of N articles is the fixture the later figures (dedup, search) are measured
    # on; its figures are already medians / rates over many operations.
    values = run_once([BENCH, "archive", str(ARCHIVE_N), path])["values"]
    values.update(daemon_startup(path))
    values.update(archive_floor_peer())
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
    return values


def archive_floor_peer():
    """bench/peers/archive_peer.py: the same N articles into a plain SQLite archive with Python's
    sqlite3, `sqlite_`-prefixed figures; a `sqlite_error` when it failed. One run, like newswatch's."""
    path = os.path.join(WORK, "archive-peer.sqlite")
    print(f"archive: floor peer (Python sqlite3), {ARCHIVE_N:,} articles into {path} ...", flush=True)
    try:
        values = run_once([sys.executable, os.path.join(HERE, "peers", "archive_peer.py"), str(ARCHIVE_N), path])["values"]
    except Exception as error:
        return {"sqlite_error": str(error)[-300:]}
    finally:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    return {"sqlite_" + k: v for k, v in values.items()}


def polling_benchmark():
    """newswatch run --once against newsboat -x reload on POLL_FEEDS loopback feeds (polling_bench.py)."""
    if not NEWSWATCH or "nginx" in MISSING:
        return None
    return polling_bench.polling_benchmark(run_once, WORK, NEWSWATCH, NEWSBOAT, POLL_FEEDS, POLL_ITEMS, RUNS)


def fulltext_benchmark_run():
    """newswatch-bench extract against trafilatura and readability-lxml (fulltext_bench.py)."""
    if not ARTICLE_PAGES:
        return None
    return fulltext_bench.fulltext_benchmark(run_once, WORK, ARTICLE_PAGES, BENCH, FULLTEXT_PYTHON,
                                             MISSING.get("trafilatura, readability-lxml (PyPI)"), RUNS)


# The daemon under load (issue 7): feeds, items, poll cycles, interval in seconds.
DAEMON_LOAD = (100, 20, 4, 5) if QUICK else (1000, 20, 10, 10)


def daemon_benchmark():
    """The long-running daemon against DAEMON_LOAD's nginx feeds (daemon_bench.py): CPU per cycle,
    memory from cycle to cycle, a feed's change to its alert line, SIGTERM. No peer here: none of the
    packaged readers runs as a daemon that alerts."""
    if not NEWSWATCH or "nginx" in MISSING:
        return None
    feeds, items, cycles, interval = DAEMON_LOAD
    return daemon_bench.measure(feeds, items, cycles, interval, NEWSWATCH)


def daemon_section(result):
    feeds, items, cycles, interval = DAEMON_LOAD
    command = f"python3 bench/daemon_bench.py --feeds {feeds} --items {items} --cycles {cycles} --interval {interval} --binary .build/release/newswatch"
    lines = ["## Daemon", "", daemon_bench.markdown(result, command).rstrip(), "",
             "| target (issue 7) | measured | |", "|---|---|---|"]
    latency = result["change_to_alert_s"]
    lines.append(f"| a feed's change to its alert line under {interval + 2} s (2 s plus the interval) | "
                 + (f"{latency:.2f} s | {met(latency < interval + 2)} |" if latency is not None else "no alert seen | **missed** |"))
    growth, peak = result["steady_growth_mib"], result["peak_mib"]
    lines.append(f"| no memory growth from cycle to cycle | {growth:+.1f} MiB over the second half (peak {peak:.1f} MiB) | "
                 f"{met(growth <= max(2.0, 0.05 * peak))} |")
    term = result["term_s"]
    lines.append(f"| SIGTERM: exit 0 within 5 s | status {result['exit_status']}" + (f", {term:.2f} s" if term is not None else ", no exit within 30 s")
                 + f" | {met(result['exit_status'] == 0 and term is not None and term < 5)} |")
    return "\n".join(lines) + "\n"


def daemon_startup(archive_path):
    """The daemon's start-up time with the benchmark's archive: `newswatch run --once` with no feeds
    opens the archive, recovers the alert outbox, replays recent articles through the rules, polls
    nothing and exits. Median wall time of RUNS runs after a warm-up run."""
    newswatch = os.environ.get("NEWSWATCH", "")
    if not newswatch:
        return {}
    config = os.path.join(WORK, "startup.toml")
    with open(config, "w") as f:
        f.write(f'[daemon]\narchive = "{archive_path}"\nalert_log = "{os.path.join(WORK, "startup-alerts.log")}"\n')
    command = [newswatch, "run", "--once", "--config", config, "--log-level", "error"]
    result = measure(command, warm_up_command=command)
    return {"startup_wall_s": result["wall"], "startup_cpu_s": result["cpu"]}


def fmt(x, digits=2):
    if x != x:
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def rules_section(rules):
    """The Rules section of latest.md, from the figures of `newswatch-bench rules`."""
    lines = ["\n## Rules\n\n1,000 generated rules (names, terms, phrases, prefix and suffix wildcards, `title:`/`source:` "
             "scopes, OR groups, NOT, NEAR/5) against 10,000 generated German and English articles, through "
             "`RuleSet.hits` (filters and the compiled `QueryMatcher`), timed per article after a warm-up of 1,000 other articles.\n"]
    lines.append("| rules | median µs / article | p99 µs / article | hits / article | target | | newswatch vs it |")
    lines.append("|---|---|---|---|---|---|---|")
    for size in (10, 100, 1000):
        median = rules.get(f"rules_{size}_median_us", float("nan"))
        target = "median < 50 µs" if size == 1000 else ""
        verdict = met(median < 50) if size == 1000 else ""
        lines.append(f"| {size:,} | {fmt(median)} | {fmt(rules.get(f'rules_{size}_p99_us', float('nan')))} | "
                     f"{fmt(rules.get(f'rules_{size}_hits_per_article', float('nan')))} | {target} | {verdict} | |")
    lines += rules_floor_peer_rows(rules)
    if "rules_1000_cpu_median_us" in rules:
        cpu = ", ".join(f"{size:,} rules {fmt(rules.get(f'rules_{size}_cpu_median_us', float('nan')))} µs" for size in (10, 100, 1000))
        lines.append(f"\nThe times above are wall time per article. The same articles' thread CPU time (median), which other "
                     f"processes on the shared machine disturb less: {cpu}.")
    lines.append(RULES_PEER_TEXT)
    return "\n".join(lines)


RULES_PEER_TEXT = (
    "\nNo packaged tool evaluates this query language, so the peer is a floor written for this benchmark "
    "(bench/peers/rules_peer.py): the same 1,000 rule texts and the same articles, generated in Python by a port of "
    "newswatch-bench's generators (same SplitMix64 draws, word lists read from Vocabulary.swift; its hits per article "
    "are the check that it evaluates the same rules), each rule parsed into leaves (word, \"phrase\", `pre*`, `*suf`, "
    "`A NEAR/5 B`), each leaf one compiled `re` pattern with word boundaries over the article's folded text (lower case, "
    "marks dropped, ß as ss; `title:` over the title only; `source:` compares the source), tried only when the leaf's "
    "longest literal word occurs as a substring; AND / OR / NOT are Python logic. Timed per article: folding plus all "
    "1,000 rules, after a warm-up of 1,000 other articles; it runs fewer articles than newswatch in QUICK mode "
    "(RULES_PEER_ARTICLES). It is interpreted Python with no shared index, so it shows the cost of the naive way, not a "
    "competitor: the ratio is on the median wall time per article (CPU medians in latest.json).\n")


def rules_floor_peer_rows(rules):
    """The rules table's row for the Python re floor peer."""
    if "re_error" in rules:
        return [f"| 1,000: floor peer, Python `re` | failed: {rules['re_error']} | | | | | |"]
    if "re_rules_1000_median_us" not in rules:
        return []
    median = rules["re_rules_1000_median_us"]
    ratio = relation(median / rules.get("rules_1000_median_us", float("nan")))
    return [f"| 1,000: floor peer, Python `re` ({rules.get('re_articles', 0):,.0f} articles) | {fmt(median)} | "
            f"{fmt(rules['re_rules_1000_p99_us'])} | {fmt(rules['re_rules_1000_hits_per_article'])} | | | {ratio} |"]


def replace_rules_section(text, rules):
    """latest.md with only its Rules section measured again (BENCH_ONLY=rules)."""
    start = text.index("\n## Rules\n")
    end = text.index("## Archive", start)
    when = (f"\nThis section was measured again alone (`BENCH_ONLY=rules`) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"median of {RUNS} runs, load average at the end: {load_average()}; the other sections are from the run named at the top.\n")
    return text[:start] + rules_section(rules) + when + "\n" + text[end:]


def write_report(parse, rules, archive, elapsed, sections=()):
    lines = []
    mode = "QUICK=1 (small corpus)" if QUICK else "full"
    lines.append(f"# newswatch benchmark results ({mode})\n")
    lines.append(f"Produced by `make bench{' QUICK=1' if QUICK else ''}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
                 f"in {elapsed / 60:.1f} minutes. Machine: {machine()}. "
                 f"Each figure is the median of {RUNS} runs after a warm-up run; every contender parses the same files. "
                 "The machine is shared (load average at the end of the run: " + load_average() + "), so absolute times are noisy; "
                 "the ratios, measured in the same run, are the figures to read, and the parsing verdicts use CPU time "
                 "(user+system over all threads), which other processes on the machine disturb less than wall time.\n")
    if MISSING:
        lines.append("Peers not measured: " + "; ".join(f"{k}: {v}" for k, v in MISSING.items()) + ".\n")

    xml = parse["xml"]
    nw = xml["newswatch"]
    mb = parse["xml_bytes"] / 1e6
    lines.append(f"## Parsing\n\n{parse['xml_files']} RSS 2.0 / Atom / RSS 1.0 (RDF) feeds, {mb:.1f} MB "
                 "(UTF-8 and ISO-8859-1, CDATA HTML, entities), whole process timed (read + parse).\n")
    lines.append("| contender | items | wall s | MB/s | CPU s | peak RSS MiB | newswatch vs it (CPU) | (wall) | target | |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    # Verdicts on CPU time (user+system, all threads): on a shared machine wall time also counts the
    # time other people's processes held the cores; both ratios are shown.
    targets = {"xmllint --stream --noout": ("≤ 2× xmllint's time", lambda ratio: ratio >= 0.5),
               "feedparser (Python)": ("≥ 10× faster", lambda ratio: ratio >= 10),
               "gofeed (Go)": ("faster", lambda ratio: ratio > 1)}
    for name, r in xml.items():
        items = r["values"].get("items", float("nan"))
        if name == "newswatch":
            lines.append(f"| **newswatch** | {fmt(items, 0)} | {fmt(r['wall'])} | {fmt(mb / r['wall'], 1)} | {fmt(r['cpu'])} | {fmt(r['rss'], 0)} | – | – | – | |")
            continue
        speed = r["cpu"] / nw["cpu"]
        wall_speed = r["wall"] / nw["wall"]
        target, check = targets[name]
        lines.append(f"| {name} | {fmt(items, 0) if name != 'xmllint --stream --noout' else '(tokenizes only)'} | {fmt(r['wall'])} | {fmt(mb / r['wall'], 1)} | "
                     f"{fmt(r['cpu'])} | {fmt(r['rss'], 0)} | {relation(speed)} | {relation(wall_speed)} | {target} | {met(check(speed))} |")
    for name in ("xmllint --stream --noout", "gofeed (Go)", "feedparser (Python)"):
        if name not in xml:
            lines.append(f"| {name} | not measured: {MISSING.get(name, 'not installed')} | | | | | | | | |")
    all_ = parse["all"]
    if all_:
        amb = parse["all_bytes"] / 1e6
        lines.append(f"\nAll {parse['all_files']} feeds including JSON Feed 1.1 ({amb:.1f} MB); feedparser 6.0 (Debian) "
                     "reads no JSON Feed and xmllint no JSON, so only gofeed is beside newswatch here:\n")
        lines.append("| contender | items | wall s | MB/s | CPU s | newswatch vs it (CPU) | (wall) |")
        lines.append("|---|---|---|---|---|---|---|")
        anw = all_["newswatch"]
        for name, r in all_.items():
            rel = "–" if name == "newswatch" else relation(r["cpu"] / anw["cpu"])
            wrel = "–" if name == "newswatch" else relation(r["wall"] / anw["wall"])
            lines.append(f"| {name} | {fmt(r['values'].get('items', float('nan')), 0)} | {fmt(r['wall'])} | {fmt(amb / r['wall'], 1)} | {fmt(r['cpu'])} | {rel} | {wrel} |")

    lines.append(rules_section(rules))

    lines += archive_section(archive)
    lines.extend(sections)
    if "startup_wall_s" not in archive:
        lines.append("## Not measured yet\n\nThe daemon's start-up time with a large archive is not in this run.\n")
    return "\n".join(lines)


def archive_section(archive):
    lines = []
    n = archive.get("articles", ARCHIVE_N)
    lines.append(f"## Archive\n\n{n:,.0f} generated articles prepared (`Archive.prepare`) and recorded (`Archive.record`) in batches of 500 "
                 "(one feed poll each) into a real SQLite file (WAL, FTS5 index, SimHash story bands).\n")
    lines.append("| figure | newswatch | target | |")
    lines.append("|---|---|---|---|")
    lines.append(f"| insert rate, articles/s | {fmt(archive.get('insert_per_s', float('nan')), 0)}{cpu_note(archive, 'insert_per_cpu_s', '/s')} | ≥ 20,000 | {met(archive.get('insert_per_s', 0) >= 20000)} |")
    if archive.get("insert_durable_per_s"):
        lines.append(f"| insert rate until durable (search index written after, in batches; not the target's figure), articles/s | {fmt(archive['insert_durable_per_s'], 0)}{cpu_note(archive, 'insert_durable_per_cpu_s', '/s')} | – | |")
    if archive.get("insert_writer_per_cpu_s"):
        lines.append(f"| insert, the archive writer thread's part alone (recording and search index; the batch prepared beforehand, as the daemon does on its parsing threads; not the target's figure), articles per CPU s | {fmt(archive['insert_writer_per_cpu_s'], 0)} (preparing: {fmt(archive.get('prepare_cpu_us_per_article', float('nan')), 0)} µs CPU per article) | – | |")
    lines.append(f"| dedup check rate (same items polled again), articles/s | {fmt(archive.get('dedup_per_s', float('nan')), 0)}{cpu_note(archive, 'dedup_per_cpu_s', '/s')} | – | |")
    lines.append(f"| near-duplicate: recording one copy (lookup included), p99 ms | {fmt(archive.get('near_record_p99_ms', float('nan')))} "
                 f"(median {fmt(archive.get('near_record_median_ms', float('nan')))}; {archive.get('near_found_fraction', 0) * 100:.0f}% found) | – | |")
    lines.append(f"| near-duplicate lookup alone (`Archive.nearDuplicate`), p99 ms | {fmt(archive.get('near_lookup_p99_ms', float('nan')))} "
                 f"(median {fmt(archive.get('near_lookup_median_ms', float('nan')))}; {archive.get('near_lookup_found_fraction', 0) * 100:.0f}% found)"
                 f"{cpu_note(archive, 'near_lookup_cpu_p99_ms', ' ms p99')} | < 1 ms | "
                 f"{met(archive.get('near_lookup_p99_ms', 99) < 1)} |")
    lines.append(f"| search, two-word query, p99 ms | {fmt(archive.get('search_p99_ms', float('nan')))} (median {fmt(archive.get('search_median_ms', float('nan')))}) | < 50 ms | {met(archive.get('search_p99_ms', 999) < 50)} |")
    lines.append(f"| file size per article, bytes | {fmt(archive.get('bytes_per_article', float('nan')), 0)} | – | |")
    lines.append(f"| peak RSS of the benchmark process, MiB | {fmt(archive.get('peak_mib', float('nan')), 0)} | – | |")
    lines += archive_floor_peer_rows(archive)
    if "startup_wall_s" in archive:
        lines.append(f"| daemon start-up with this archive (`newswatch run --once`, no feeds), wall s | {fmt(archive['startup_wall_s'])} "
                     f"(CPU {fmt(archive['startup_cpu_s'])}) | independent of archive size | |")
    lines.append(ARCHIVE_PEER_TEXT)
    lines.append("\nThe near-duplicate row times a whole `record` of one article "
                 "(hashing, dedup, SimHash lookup, insert, commit with its fsync); the row below it times the lookup alone, "
                 "which is what the target is about.\n")
    return lines


ARCHIVE_PEER_TEXT = (
    "\nFloor peer: a plain SQLite archive in Python's sqlite3 (bench/peers/archive_peer.py) storing the same generated "
    "articles (a Python port of newswatch-bench's generator, same draws) in the same batches of 500 with the same durability "
    "(WAL, synchronous=FULL, one transaction per batch): an article table keyed by the SHA-256 of the text (JSON of the "
    "article kept), a sightings table and an FTS5 index over title, teaser and body (unicode61, diacritics removed); the "
    "dedup pass records the same kept batches again from other feeds (hash lookup, sighting updated). The peer does less "
    "work than newswatch: no SimHash or near-duplicate bands, no revision links, no learned furniture, no feed "
    "statistics, no canonical-text folding for the hash — a floor, as xmllint is for parsing. Ratios are on wall-clock rates.\n")


def archive_floor_peer_rows(archive):
    """The archive table's rows for the plain-SQLite floor peer."""
    if "sqlite_error" in archive:
        return [f"| floor peer (plain SQLite, Python sqlite3) | failed: {archive['sqlite_error']} | | |"]
    rows = []
    for key, label in (("insert_per_s", "insert rate"), ("dedup_per_s", "dedup check rate")):
        peer = archive.get("sqlite_" + key)
        if peer is None:
            continue
        ratio = relation(archive.get(key, float("nan")) / peer)
        rows.append(f"| {label}, floor peer: plain SQLite (Python sqlite3), articles/s | {fmt(peer, 0)}"
                    f"{cpu_note({k[7:]: v for k, v in archive.items() if k.startswith('sqlite_')}, key.replace('_per_s', '_per_cpu_s'), '/s')}"
                    f"; newswatch {ratio} | – | |")
    return rows


def cpu_note(archive, key, unit):
    """The same figure on CPU time (user+system of the benchmark process), which a loaded machine
    disturbs less than wall time; empty when the benchmark did not report it."""
    if key not in archive:
        return ""
    digits = 0 if unit == "/s" else 2
    return f" (on CPU time: {fmt(archive[key], digits)}{unit})"


def replace_archive_section(archive):
    """BENCH_ONLY=archive: only the archive benchmark runs; its section of latest.md (and latest.json)
    is replaced, the other tables stay as the last full run wrote them."""
    out = os.path.join(HERE, "results")
    with open(os.path.join(out, "latest.md")) as f:
        text = f.read()
    start = text.index("## Archive")
    end = text.index("\n## ", start + 1) + 1
    section = "\n".join(archive_section(archive)) + "\n"
    section = section.replace("## Archive\n", f"## Archive\n\n(Archive section from `BENCH_ONLY=archive`, "
                              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average at its end: {load_average()}.)\n", 1)
    text = text[:start] + section + text[end:]
    if "startup_wall_s" in archive:
        text = text.replace("the daemon's start-up time with a large archive, ", "")
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "latest.json")) as f:
        stored = json.load(f)
    stored["archive"] = archive
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump(stored, f, indent=1, default=str)
    print(section)


def chart_panels(results):
    """One (title, axis label, [(contender, value)]) per figure the chart shows, from what was measured.
    Throughput panels are "higher is better", memory panels "lower is better"; an area that was not
    measured (or failed) has no panel."""
    panels = []
    parse = results.get("parse") or {}
    if parse.get("xml"):
        xml = parse["xml"]
        panels.append(("Feed parsing", "MB/s", [(n, parse["xml_bytes"] / 1e6 / xml[n]["wall"]) for n in xml]))
        panels.append(("Feed parsing: peak memory", "peak RSS MiB", [(n, xml[n]["rss"]) for n in xml if xml[n].get("rss")]))
    rules = results.get("rules") or {}
    if rules.get("rules_1000_median_us"):
        bars = [("newswatch", 1e6 / rules["rules_1000_median_us"])]
        if rules.get("re_rules_1000_median_us"):
            bars.append(("Python re (floor)", 1e6 / rules["re_rules_1000_median_us"]))
        panels.append(("Rules: 1,000 rules", "articles/s", bars))
    archive = results.get("archive") or {}
    if archive.get("insert_per_s"):
        bars = [("newswatch", archive["insert_per_s"])]
        if archive.get("sqlite_insert_per_s"):
            bars.append(("plain SQLite (floor)", archive["sqlite_insert_per_s"]))
        panels.append(("Archive: insert", "articles/s", bars))
    polling = results.get("polling") or {}
    contenders = polling.get("contenders") if isinstance(polling, dict) else None
    if contenders:
        first = {name: runs[0] for name, runs in contenders.items() if runs}
        panels.append(("Polling: first poll", "feeds/s", [(n, polling["feeds"] / r["wall"]) for n, r in first.items() if r.get("wall")]))
        panels.append(("Polling: peak memory", "peak RSS MiB", [(n, r["rss"]) for n, r in first.items() if r.get("rss")]))
    fulltext = results.get("fulltext") or {}
    if isinstance(fulltext.get("results"), dict):
        found = fulltext["results"]
        panels.append(("Full text", "pages/s (one core)", [(n, r["pages_per_s"]) for n, r in found.items() if r.get("pages_per_s")]))
        panels.append(("Full text: peak memory", "peak RSS MiB", [(n, r["rss"]) for n, r in found.items() if r.get("rss")]))
    return [panel for panel in panels if panel[2]]


def chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed; no chart."
    panels = chart_panels(results)
    if not panels:
        return "nothing was measured; no chart."
    columns = 2
    rows = (len(panels) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(11, 2.6 * rows), squeeze=False)
    for axis, (title, unit, bars) in zip(axes.flat, panels):
        names = [name for name, _ in bars]
        colors = ["#d62728" if name == "newswatch" else "#7f7f7f" for name in names]
        axis.barh(names, [value for _, value in bars], color=colors)
        lower = "RSS" in unit
        axis.set_xlabel(f"{unit} ({'lower' if lower else 'higher'} is better)")
        axis.set_title(title)
        axis.invert_yaxis()
    for axis in list(axes.flat)[len(panels):]:
        axis.axis("off")
    fig.suptitle("newswatch (red) beside its peers, measured in the same run")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return None


def measured_section(sections, title, measure, render, unmeasured=None):
    """Runs one benchmark and appends its section to `sections`; returns what it measured (for
    latest.json). A failure (a feed newswatch cannot poll, a peer that crashes) is reported in its own
    section, and the tables of the other benchmarks are kept. `unmeasured`, when given, is the
    section's text for a benchmark that could not run (nothing measured); otherwise it is left out."""
    started = time.monotonic()
    try:
        result = measure()
        if result:
            sections.append(render(result))
        elif unmeasured:
            sections.append(f"## {title}\n\n{unmeasured}\n")
    except Exception as error:
        result = {"error": str(error)}
        sections.append(f"## {title}\n\nThe {title.lower().replace(' ', '-')} benchmark failed: {error}\n")
    print(f"{title.lower()}: {time.monotonic() - started:.0f} s", flush=True)
    return result


def main():
    if os.environ.get("BENCH_ONLY") == "archive":
        replace_archive_section(archive_benchmark())
        return
    started = time.monotonic()
    if os.environ.get("BENCH_ONLY") == "rules":
        # Only the Rules section is measured again; the other sections of latest.md stay as they were.
        path = os.path.join(HERE, "results", "latest.md")
        with open(path) as f:
            text = replace_rules_section(f.read(), rules_benchmark())
        with open(path, "w") as f:
            f.write(text)
        print(text)
        return
    parse = parse_benchmarks()
    rules = rules_benchmark()
    archive = archive_benchmark()
    sections = []
    polling = measured_section(sections, "Polling", polling_benchmark, lambda result: polling_bench.polling_section(
        result, fmt, relation, met, MISSING.get("newsboat -x reload")) + "\n",
        "Not measured: " + MISSING.get("nginx", "the newswatch binary was not built") + ".")
    fulltext = measured_section(sections, "Full text", fulltext_benchmark_run,
                                lambda result: fulltext_bench.fulltext_section(result, fmt, relation, met) + "\n")
    daemon = measured_section(sections, "Daemon", daemon_benchmark, daemon_section)
    text = write_report(parse, rules, archive, time.monotonic() - started, sections)
    out = os.path.join(HERE, "results")
    os.makedirs(out, exist_ok=True)
    problem = chart({"parse": parse, "rules": rules, "archive": archive, "polling": polling, "fulltext": fulltext},
                    os.path.join(out, "latest.png"))
    if problem:
        text += f"\nChart: {problem}\n"
    else:
        text += "\n![throughput and peak memory of newswatch and its peers, every area](latest.png)\n"
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump({"parse": parse, "rules": rules, "archive": archive, "polling": polling, "fulltext": fulltext,
                   "daemon": daemon}, f, indent=1, default=str)
    print(text)


if __name__ == "__main__":
    main()
