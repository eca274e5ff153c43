"""The polling benchmark's three-poll cycle (bench/polling_bench.py: first poll, 10% changed, another 10%)
for several newswatch binaries (and newsboat with --newsboat), their cycles alternated so all see the
machine in the same state; per poll the median wall, CPU (user+sys, wait4) and peak RSS, and first ÷
second CPU per binary. For before/after comparisons of a change to the polling path.
Usage: python3 bench/poll_pairs.py [--feeds 30] [--items 10] [--runs 5] [--newsboat] BINARY..."""
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("NEWSWATCH_BENCH", "x")
os.environ.setdefault("CORPUS", "x")
import bench  # noqa: E402
import polling_bench as pb  # noqa: E402

ap = pb.script_arguments(feeds=30, items=10, runs=5, work="/tmp/newswatch-poll-pairs")
ap.add_argument("--newsboat", action="store_true", help="newsboat -x reload as one more contender")
ap.add_argument("binaries", nargs="+")
a = ap.parse_args()
root, feeds, server = pb.serve_feed_set(a.work, a.feeds, a.items)
contenders = [(os.path.basename(b), pb.Newswatch(b)) for b in a.binaries]
if a.newsboat:
    contenders.append(("newsboat", pb.Newsboat(shutil.which("newsboat"))))
samples = {name: [] for name, _ in contenders}
try:
    for name, c in contenders:  # warm-up, as polling_bench does
        pb.cycle(bench.run_once, server, feeds, c, os.path.join(root, "state"), range(0, a.feeds, 10))
    for r in range(a.runs):
        for name, c in contenders:
            cycle = pb.cycle(bench.run_once, server, feeds, c, os.path.join(root, "state"), range(a.feeds))
            assert all(s["stored"] == s["expected_stored"] for s in cycle), (name, cycle)
            samples[name].append(cycle)
            print(f"run {r + 1} {name:24s} " + "  ".join(f"wall {s['wall']:.3f} cpu {s['cpu']:.3f}" for s in cycle), flush=True)
finally:
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
print(f"medians of {a.runs} (load {open('/proc/loadavg').read().split()[0]}):")
for name, cycles in samples.items():
    polls = [{k: statistics.median(c[p][k] for c in cycles) for k in ("wall", "cpu", "rss")} for p in range(3)]
    ratio = statistics.median(c[0]["cpu"] / c[1]["cpu"] for c in cycles)
    print(f"{name:24s} " + "  ".join(f"{label}: wall {s['wall']:.3f} cpu {s['cpu']:.3f} rss {s['rss']:.1f}"
                                     for label, s in zip(("first", "second", "third"), polls))
          + f"  first/second CPU {polls[0]['cpu'] / polls[1]['cpu']:.2f} (median of ratios {ratio:.2f})")
