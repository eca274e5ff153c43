#!/usr/bin/env python3
"""fulltext_pairs.py NEWSWATCH_BENCH PEER_PYTHON ROUNDS PAGES_DIR…: newswatch's `extract` and trafilatura
(default and fast=True, through bench/peers/fulltext_peer.py run by PEER_PYTHON, the venv bench/run.sh
makes) alternated over the *.html of each PAGES_DIR, ROUNDS rounds after a warm-up on five pages; prints
the medians of each contender's loop CPU (`cpu_seconds`) and of the per-round ratios. The loops are short
(newswatch's 34-90 ms on the bench's pages), so single rounds move a lot on a shared host; read medians."""
import glob, os, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
bench, python, rounds, dirs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
peer = os.path.join(HERE, "peers", "fulltext_peer.py")
out = "/tmp/fulltext-pairs"


def loop_cpu(command):
    for line in subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines():
        if line.startswith("cpu_seconds"):
            return float(line.split()[1])
    raise SystemExit(f"no cpu_seconds from {command[:3]}")


for directory in dirs:
    pages = sorted(glob.glob(os.path.join(directory, "*.html")))
    contenders = {"newswatch": [bench, "extract", out + "/nw"],
                  "trafilatura": [python, peer, "trafilatura", out + "/t"],
                  "trafilatura-fast": [python, peer, "trafilatura-fast", out + "/f"]}
    for command in contenders.values():
        loop_cpu(command + pages[:5])
    cpu = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, command in contenders.items():
            cpu[name].append(loop_cpu(command + pages))
    median = statistics.median
    line = [f"{directory} ({len(pages)} pages): newswatch {median(cpu['newswatch']):.3f} s"]
    for peer_name in ("trafilatura", "trafilatura-fast"):
        ratios = [p / n for p, n in zip(cpu[peer_name], cpu["newswatch"])]
        line.append(f"{peer_name} {median(cpu[peer_name]):.3f} s, per-round ratio median {median(ratios):.2f}x "
                    f"({min(ratios):.2f}-{max(ratios):.2f})")
    print("; ".join(line), flush=True)
