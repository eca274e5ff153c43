"""First poll (empty store) of N loopback feeds by each given newswatch binary, alternated: wall, CPU and
peak RSS of `newswatch run --once`, as bench/polling_bench.py measures them (issue 4: a first poll of
1,000 feeds under 64 MB). Usage: python3 bench/first_poll.py --feeds 1000 --items 20 --runs 3 BINARY..."""
import os, sys, shutil, statistics
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("NEWSWATCH_BENCH", "x"); os.environ.setdefault("CORPUS", "x")
import bench  # noqa
import polling_bench as pb
ap = pb.script_arguments(feeds=1000, items=20, runs=3, work="/tmp/newswatch-first-poll")
ap.add_argument("--keep", action="store_true", help="keep the state of the last run (for profiling)")
ap.add_argument("--serve", action="store_true", help="just serve and print a config path")
ap.add_argument("binaries", nargs="*")
a = ap.parse_args()
root, feeds, server = pb.serve_feed_set(a.work, a.feeds, a.items)
res = {b: [] for b in a.binaries}
try:
    urls = [server.url(feeds.name(i)) for i in range(a.feeds)]
    if a.serve:
        state = os.path.join(a.work, "serve-state"); shutil.rmtree(state, ignore_errors=True)
        cmd = pb.Newswatch("X").prepare(state, urls)
        print("CONFIG", cmd[-1], flush=True)
        import time
        while True: time.sleep(3600)
    for r in range(a.runs):
        for b in a.binaries:
            state = os.path.join(root, "state-" + os.path.basename(b)); shutil.rmtree(state, ignore_errors=True)
            cmd = pb.Newswatch(b).prepare(state, urls)
            s = bench.run_once(cmd)
            n = pb.Newswatch(b).stored_items(state)
            print(f"{os.path.basename(b)} run {r+1}: wall {s['wall']:.2f} cpu {s['cpu']:.2f} rss {s['rss']:.1f} MiB stored {n}", flush=True)
            res[b].append(s)
            if not (a.keep and r == a.runs - 1):
                shutil.rmtree(state, ignore_errors=True)
finally:
    server.stop()
for b, ss in res.items():
    print(f"MEDIAN {os.path.basename(b)}: wall {statistics.median(s['wall'] for s in ss):.2f} cpu {statistics.median(s['cpu'] for s in ss):.2f} rss {statistics.median(s['rss'] for s in ss):.1f}")
