#!/usr/bin/env python3
"""The daemon under load: N feeds served by nginx on loopback, polled for several cycles.

Measures what issue 7 asks: CPU per poll cycle, peak and steady resident memory (and whether it grows
from cycle to cycle), and the time from a feed's change on the server to its alert line.

    python3 bench/daemon_bench.py [--feeds 1000] [--cycles 10] [--interval 10] [--binary PATH]

Writes a markdown table to stdout (and to --out). Needs nginx (Debian package `nginx`).
"""
import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from loopback_nginx import LoopbackNginx, nginx_binary

WORDS = ("Regierung Bundestag Kanzler Ukraine Russland Soldaten Front Wirtschaft Energie Preise Klima "
         "Wahl Gericht Polizei Stadt Land Europa Amerika Krieg Frieden Verhandlungen Minister Bericht "
         "Experten Zahlen Woche Jahr heute gestern morgen neue alte große kleine wichtige").split()


def paragraph(rng, words=60):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def feed_xml(index, items, rng, extra=None):
    entries = []
    for item in range(items):
        entries.append(
            f"<item><guid isPermaLink=\"false\">f{index}-i{item}</guid>"
            f"<title>Meldung {index}-{item}: {' '.join(rng.choice(WORDS) for _ in range(8))}</title>"
            f"<link>https://example.org/{index}/{item}</link>"
            f"<pubDate>Mon, 09 Dec 2024 14:05:00 +0100</pubDate>"
            f"<description><![CDATA[<p>{paragraph(rng)}</p><p>{paragraph(rng)}</p>]]></description></item>")
    if extra:
        entries.insert(0, extra)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Feed {index}</title><link>https://example.org/{index}</link>" + "".join(entries) +
            "</channel></rss>")


def archived_articles(path):
    """How many articles the archive holds (None when it cannot be read)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM article").fetchone()[0]
    except sqlite3.Error:
        return None


def proc_stat(pid):
    """(cpu seconds, rss KiB, peak rss KiB) of a running process."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = peak = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1])
    return cpu, rss, peak


def measure(feeds=1000, items=20, cycles=10, interval=10, binary=".build/release/newswatch"):
    """Runs the daemon against `feeds` nginx feeds for `cycles` poll cycles; returns the samples and
    figures (a dict, kept in bench/results/latest.json by bench.py)."""
    if not nginx_binary():
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    binary = os.path.abspath(binary)
    rng = random.Random(7)
    work = tempfile.mkdtemp(prefix="nw-daemon-bench-")
    www = os.path.join(work, "www")
    os.makedirs(www)
    for index in range(feeds):
        with open(os.path.join(www, f"feed-{index}.xml"), "w") as f:
            f.write(feed_xml(index, items, rng))
    server = LoopbackNginx(work, www)
    port = server.port
    config = os.path.join(work, "newswatch.toml")
    with open(config, "w") as f:
        f.write(f"""[daemon]
allow_private_networks = true
per_host = 8
concurrency = 16
interval = "{interval}s"
min_interval = "{interval}s"
log_level = "info"

[[rule]]
name = "bench"
query = 'benchmarkalert'
""")
        for index in range(feeds):
            f.write(f"\n[[feed]]\nname = \"feed-{index}\"\nurl = \"http://127.0.0.1:{port}/feed-{index}.xml\"\n")
    env = dict(os.environ, STATE_DIRECTORY=os.path.join(work, "state"), LOGS_DIRECTORY=os.path.join(work, "logs"))
    env.pop("NOTIFY_SOCKET", None)
    started = time.monotonic()
    daemon_log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen([binary, "run", "--config", config], env=env, stderr=daemon_log)
    alert_log = os.path.join(work, "logs", "alerts.log")
    rows = []
    latency = None
    try:
        # Cycles are sampled on time while the changed feed's alert is awaited: the alert wait may
        # run past the last cycle (up to twice the interval plus 10 s), never into its samples.
        previous_cpu = 0.0
        change_cycle = max(2, cycles // 2)
        changed = None
        cycle = 1
        while True:
            now = time.monotonic()
            if changed is None and now >= started + (change_cycle - 1) * interval:
                # Change one feed on the server and time its alert.
                target = rng.randrange(feeds)
                with open(os.path.join(www, f"feed-{target}.xml"), "w") as f:
                    f.write(feed_xml(target, items, random.Random(target), extra=(
                        "<item><guid isPermaLink=\"false\">alert-item</guid><title>benchmarkalert: eine neue Meldung</title>"
                        "<link>https://example.org/alert</link><description>benchmarkalert im Text.</description></item>")))
                changed = now
            if changed is not None and latency is None and os.path.exists(alert_log) and "benchmarkalert" in open(alert_log).read():
                latency = now - changed
            if cycle <= cycles and now >= started + cycle * interval:
                cpu, rss, peak = proc_stat(daemon.pid)
                rows.append((cycle, cpu - previous_cpu, rss, peak))
                previous_cpu = cpu
                cycle += 1
            waiting_for_alert = changed is not None and latency is None and now - changed < 2 * interval + 10
            if cycle > cycles and not waiting_for_alert:
                break
            time.sleep(0.05)
    finally:
        # How far the archive got, read (WAL: without blocking the daemon) just before the stop.
        archived = archived_articles(os.path.join(work, "state", "archive.sqlite"))
        term_sent = time.monotonic()
        daemon.send_signal(signal.SIGTERM)
        try:
            status = daemon.wait(timeout=30)
            term_took = time.monotonic() - term_sent
        except subprocess.TimeoutExpired:
            daemon.kill()
            status = "killed"
            term_took = None
        server.stop()
        if os.environ.get("KEEP_BENCH_DIR"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    steady = [rss for (_, _, rss, _) in rows[len(rows) // 2:]]
    later = sorted(cpu for (_, cpu, _, _) in rows[1:]) or [0]
    return {
        "feeds": feeds, "items": items, "cycles": cycles, "interval": interval,
        "rows": [{"cycle": c, "cpu": cpu, "rss_mib": rss / 1024, "peak_mib": peak / 1024} for (c, cpu, rss, peak) in rows],
        "first_cycle_cpu": rows[0][1] if rows else None,
        "later_cycle_cpu_median": later[len(later) // 2],
        "peak_mib": max(p for (_, _, _, p) in rows) / 1024 if rows else None,
        "steady_growth_mib": (steady[-1] - steady[0]) / 1024 if len(steady) > 1 else 0.0,
        "change_to_alert_s": latency,
        "archived": archived,
        "exit_status": status,
        "term_s": term_took,
    }


def markdown(result, command):
    """The README's table and figures for one `measure` result."""
    interval = result["interval"]
    lines = [
        f"Daemon: {result['feeds']} loopback feeds (nginx, ETag on, {result['items']} items each), interval {interval}s, "
        f"{result['cycles']} cycles, per_host 8, concurrency 16; `{command}`",
        "",
        "| cycle | CPU s | RSS MiB | peak RSS MiB |",
        "|---|---|---|---|",
    ]
    for row in result["rows"]:
        lines.append(f"| {row['cycle']} | {row['cpu']:.2f} | {row['rss_mib']:.1f} | {row['peak_mib']:.1f} |")
    latency = result["change_to_alert_s"]
    term_took = result["term_s"]
    lines += [
        "",
        f"- first cycle (everything new): {result['first_cycle_cpu']:.2f} CPU s; later cycles (mostly 304): median {result['later_cycle_cpu_median']:.2f} CPU s",
        f"- peak RSS {result['peak_mib']:.1f} MiB; steady RSS growth over the second half: {result['steady_growth_mib']:+.1f} MiB",
        f"- change on the server to alert line: {latency:.2f} s (target: under 2 s plus the interval, {interval + 2} s)"
        if latency is not None else "- change on the server to alert line: no alert seen (MISSED)",
        f"- articles in the archive at the stop: {result['archived']} (the feeds serve {result['feeds'] * result['items']}; the changed feed adds its new item and revisions of its others)",
        f"- SIGTERM exit status: {result['exit_status']}" + (f", {term_took:.2f} s after the signal" if term_took is not None else " (no exit within 30 s)"),
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--interval", type=int, default=10, help="seconds between polls of each feed")
    parser.add_argument("--binary", default=".build/release/newswatch")
    parser.add_argument("--out")
    args = parser.parse_args()
    try:
        result = measure(args.feeds, args.items, args.cycles, args.interval, args.binary)
    except RuntimeError as error:
        sys.exit(f"daemon_bench: {error}")
    text = markdown(result, " ".join(sys.argv))
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
