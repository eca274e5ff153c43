"""The polling benchmark's second poll (30 feeds, 3 of them changed, 27 answered 304), repeated: each
binary's first poll once, its state kept, then the second poll RUNS times from a copy of that state,
the binaries alternated; median and quartiles of the client's user+system CPU (wait4), as
bench/polling_bench.py times it. Many samples of the one poll whose CPU is mostly start-up.
Usage: python3 bench/second_poll.py [--feeds 30] [--items 10] [--runs 30] BINARY..."""
import os
import shutil
import sqlite3
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("NEWSWATCH_BENCH", "x")
os.environ.setdefault("CORPUS", "x")
import bench  # noqa: E402
import polling_bench as pb  # noqa: E402

ap = pb.script_arguments(feeds=30, items=10, runs=30, work="/tmp/newswatch-second-poll")
ap.add_argument("binaries", nargs="+")
a = ap.parse_args()
root, feeds, server = pb.serve_feed_set(a.work, a.feeds, a.items)
cpu = {b: [] for b in a.binaries}
first = {b: None for b in a.binaries}
unindexed = {b: None for b in a.binaries}  # left without a search entry by the first poll
try:
    urls = [server.url(feeds.name(i)) for i in range(a.feeds)]
    snapshots = {}
    feeds.reset()
    for i, b in enumerate(a.binaries):
        state = os.path.join(root, f"state-{i}")
        command = pb.Newswatch(b).prepare(state, urls)
        first[b] = bench.run_once(command)["cpu"]
        snapshots[b] = (state, command)
        with sqlite3.connect(os.path.join(state, "archive.sqlite")) as db:
            unindexed[b] = db.execute("SELECT count(*) FROM article WHERE seq > "
                                      "(SELECT coalesce(max(id), 0) FROM article_search_docsize)").fetchone()[0]
    feeds.change(0)
    for r in range(a.runs):
        for i, b in enumerate(a.binaries):
            state, command = snapshots[b]
            live = state + "-live"
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(state, live)
            # The config names the state folder: run on the copy through a config that points there.
            config = os.path.join(live, "newswatch.toml")
            with open(config) as f:
                text = f.read().replace(f'"{state}', f'"{live}')
            with open(config, "w") as f:
                f.write(text)
            sample = bench.run_once(command[:-1] + [config])
            n = pb.Newswatch(b).stored_items(live)
            assert n == a.feeds * a.items + 2 * sum(1 for j in range(a.feeds) if pb.changed_in(0, j)), (b, n)
            cpu[b].append(sample["cpu"])
finally:
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
print(f"second poll, {a.runs} runs each (load {open('/proc/loadavg').read().split()[0]}):")
for b, v in cpu.items():
    q = statistics.quantiles(v, n=4)
    print(f"{os.path.basename(b):24s} CPU median {1000 * statistics.median(v):.1f} ms (quartiles {1000 * q[0]:.1f}–{1000 * q[2]:.1f}); "
          f"its first poll {1000 * first[b]:.0f} ms, which left {unindexed[b]} articles without a search entry")
