#!/usr/bin/env python3
"""interleaved_cpu.py RUNS NAME=CMD… -- FILES…: each command (split at spaces) over FILES, after one warm-up
over the first five, RUNS times with the contenders interleaved; prints the median user+system CPU (wait4)."""
import os, sys, statistics, subprocess, time
runs = int(sys.argv[1]); i = sys.argv.index("--")
cmds = [a.split("=", 1) for a in sys.argv[2:i]]; files = sys.argv[i + 1:]
res = {n: [] for n, _ in cmds}
for n, c in cmds:  # warm-up
    subprocess.run(c.split() + files[:5], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(runs):
    for n, c in cmds:
        p = subprocess.Popen(c.split() + files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        res[n].append(ru.ru_utime + ru.ru_stime)
for n, v in res.items():
    print(f"{n:12s} median {statistics.median(v):.3f} s  min {min(v):.3f}  runs {' '.join(f'{x:.3f}' for x in v)}")
print("load", open("/proc/loadavg").read().split()[0])
