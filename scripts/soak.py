#!/usr/bin/env python3
"""The soak run (`make soak`): the real daemon for SOAK_MINUTES against the chaos feed server, while
the config is edited, the alert log rotated and the daemon killed and restarted. Then it checks what
a user is promised and exits non-zero on any failure.

    python3 scripts/soak.py [--minutes 10] [--binary .build/debug/newswatch] [--good 500] [--chaos 500]

What happens, on a timeline of D = --minutes:
  - 500 well-behaved feeds (/good/N: three items at start, one more every D/3) and 500 chaos feeds
    (/chaos/N: a misbehaviour at random per request) from scripts/chaos_feed_server.py on loopback;
    interval 60 s (min 60 s, max 90 s, so the adaptive schedule cannot stretch it much), failure
    backoff up to 5 min, timeout 10 s, 32 fetches at once (all feeds are on one host, 127.0.0.1).
  - every 20 s one config edit, in turn: park a file of 50 chaos feeds, add a file of 20 new chaos
    feeds, park a file of 50 good feeds, break a rule (reload refused), mend it, bring the parked files
    back and drop the added one, touch the main file; half of them followed by SIGHUP, the others
    left to the daemon's file watcher.
  - logrotate (`create`, `compress`, `delaycompress`, postrotate SIGUSR1, as Config/logrotate.newswatch)
    every D/6.
  - SIGKILL and an immediate restart at 15 %, 30 % and 45 % of D (held back while the rule is broken:
    an invalid config is refused at start, by design): the second half is one process, whose memory
    and descriptors are sampled every 2 s.
  - at D - settle (settle = max(150 s, D/4)) every edit is undone and the good feeds stop publishing;
    the settle time lets every good feed be polled at least once more. Then SIGTERM.

Checks: the daemon never exited unless killed, each start reached READY, and it was never silent on
its notify socket for longer than its watchdog (WATCHDOG_USEC = 30 s, pings every 15 s); every item
the good feeds published is in the archive exactly once; every alert expected (the rule
`soak-marker` matches every 7th good item) is in the alert log, rotated files included, exactly once,
and no other soak-marker alert is; PRAGMA integrity_check is ok; resident memory over the second half
did not grow (last fifth vs first fifth of its samples: at most +5 % and +4 MiB); no descriptor leak
(the fewest open descriptors in the last quarter of the second half is at most 4 above the fewest in
its first quarter — in-flight transfers come and go, a leak raises the floor).
"""
import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
FEEDS_PER_FILE = 50
WATCHDOG_SECONDS = 30
EDIT_EVERY = 20


def exactly_once(expected, counts):
    """Against the expected keys, the keys counted (key -> how often seen): (missing, seen more than
    once, seen but never expected), each sorted."""
    return (sorted(set(expected) - set(counts)), sorted(k for k, c in counts.items() if c > 1),
            sorted(set(counts) - set(expected)))


class NotifySocket:
    """Stands in for systemd's notify socket: every datagram with the time it came."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.5)
        self.messages = []
        self.lock = threading.Lock()
        self.running = True
        threading.Thread(target=self.receive, daemon=True).start()

    def receive(self):
        while self.running:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.messages.append((time.monotonic(), data.decode("utf-8", "replace")))

    def since(self, start):
        with self.lock:
            return [(t, m) for t, m in self.messages if t >= start]

    def wait_for(self, prefix, after, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for t, message in self.since(after):
                if any(line.startswith(prefix) for line in message.split("\n")):
                    return t
            time.sleep(0.1)
        return None


class Soak:
    def __init__(self, args):
        self.args = args
        self.duration = args.minutes * 60
        self.settle = max(150, self.duration / 4)
        self.work = args.workdir or tempfile.mkdtemp(prefix="newswatch-soak-")
        for folder in ("feeds.d", "parked", "state", "logs"):
            os.makedirs(os.path.join(self.work, folder), exist_ok=True)
        self.config = os.path.join(self.work, "newswatch.toml")
        self.alert_log = os.path.join(self.work, "logs", "alerts.log")
        self.archive = os.path.join(self.work, "state", "archive.sqlite")
        self.pid_file = os.path.join(self.work, "newswatch.pid")
        self.failures = []
        self.notes = []
        self.samples = []   # (t, pid, rss KiB, fds)
        self.starts = []    # (t, pid, ready latency or None)
        self.unexpected_exits = []
        self.reload_latencies = []
        self.daemon = None
        self.log = open(os.path.join(self.work, "daemon.log"), "ab")

    # -- the pieces --------------------------------------------------------------------------------

    def start_server(self):
        publish_every = max(60, self.duration / 3)
        self.server = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "chaos_feed_server.py"), "--port", "0", "--seed", str(self.args.seed),
             "--items", "3", "--publish-every", str(publish_every)],
            stdout=subprocess.PIPE, stderr=open(os.path.join(self.work, "server.log"), "wb"))
        line = self.server.stdout.readline().decode()
        if not line.startswith("listening 127.0.0.1:"):
            sys.exit(f"soak: the chaos server did not start: {line!r}")
        self.base = "http://" + line.split()[1]

    def control(self, path):
        with urllib.request.urlopen(self.base + path, timeout=60) as response:
            return response.read()

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def write_config(self):
        a = self.args
        self.write(self.config, f"""include = ["feeds.d/*.toml"]

[daemon]
state_directory = "{self.work}/state"
alert_log = "{self.alert_log}"
allow_private_networks = true
interval = "60s"
min_interval = "60s"
max_interval = "90s"
max_backoff = "5m"
timeout = "10s"
connect_timeout = "3s"
max_size = "2MiB"
concurrency = 32
per_host = 32
log_level = "notice"
""")
        for kind, count in (("good", a.good), ("chaos", a.chaos)):
            for start in range(0, count, FEEDS_PER_FILE):
                feeds = range(start, min(start + FEEDS_PER_FILE, count))
                self.write(os.path.join(self.work, "feeds.d", f"{kind}-{start // FEEDS_PER_FILE:02}.toml"),
                           self.feed_tables(kind, feeds))
        self.write_rules(broken=False)

    def feed_tables(self, kind, feeds):
        return "".join(f'[[feed]]\nname = "{kind}-{n}"\nurl = "{self.base}/{kind}/{n}"\n\n' for n in feeds)

    def write_rules(self, broken):
        self.rule_broken = broken
        extra = "zzz AND (" if broken else "zzzunmatched OR qqqunmatched"
        self.write(os.path.join(self.work, "feeds.d", "rules.toml"), f"""[[rule]]
name = "soak-marker"
query = 'soakmarker'
severity = "notice"

[[rule]]
name = "soak-extra"
query = '{extra}'
""")

    def start_daemon(self):
        environment = dict(os.environ, NOTIFY_SOCKET=self.notify.path, WATCHDOG_USEC=str(WATCHDOG_SECONDS * 1_000_000))
        environment.pop("WATCHDOG_PID", None)
        started = time.monotonic()
        self.daemon = subprocess.Popen([self.args.binary, "run", "--config", self.config],
                                       stdout=self.log, stderr=self.log, env=environment)
        self.write(self.pid_file, f"{self.daemon.pid}\n")
        ready = self.notify.wait_for("READY=1", started, 60)
        self.starts.append((started, self.daemon.pid, None if ready is None else ready - started))
        if ready is None:
            self.failures.append(f"the daemon (pid {self.daemon.pid}) did not send READY=1 within 60 s of starting")

    def kill_and_restart(self):
        self.daemon.send_signal(signal.SIGKILL)
        self.daemon.wait()
        self.notes.append(f"{self.elapsed():.0f} s: SIGKILL pid {self.daemon.pid}, restarted")
        self.start_daemon()

    def logrotate(self):
        conf = os.path.join(self.work, "logrotate.conf")
        self.write(conf, f"""{self.alert_log} {{
    rotate 100
    compress
    delaycompress
    missingok
    notifempty
    create 0640
    postrotate
        kill -USR1 "$(cat {self.pid_file})" 2>/dev/null || true
    endscript
}}
""")
        logrotate = shutil.which("logrotate") or "/usr/sbin/logrotate"
        result = subprocess.run([logrotate, "-f", "-s", os.path.join(self.work, "logrotate.state"), conf],
                                capture_output=True, text=True)
        if result.returncode != 0:
            self.failures.append(f"logrotate failed: {result.stderr.strip()}")
        else:
            self.notes.append(f"{self.elapsed():.0f} s: logrotate")

    def sighup(self):
        sent = time.monotonic()
        self.daemon.send_signal(signal.SIGHUP)
        if self.notify.wait_for("RELOADING=1", sent, 30) is None:
            self.failures.append(f"{self.elapsed():.0f} s: no RELOADING=1 within 30 s of SIGHUP to pid {self.daemon.pid}")
            return
        ready = self.notify.wait_for("READY=1", sent, 30)
        if ready is None:
            self.failures.append(f"{self.elapsed():.0f} s: no READY=1 within 30 s of SIGHUP")
        else:
            self.reload_latencies.append(ready - sent)

    def park(self, name):
        source = os.path.join(self.work, "feeds.d", name)
        if os.path.exists(source):
            os.rename(source, os.path.join(self.work, "parked", name))

    def restore_all(self):
        for name in os.listdir(os.path.join(self.work, "parked")):
            os.rename(os.path.join(self.work, "parked", name), os.path.join(self.work, "feeds.d", name))
        for name in os.listdir(os.path.join(self.work, "feeds.d")):
            if name.startswith("extra-"):
                os.remove(os.path.join(self.work, "feeds.d", name))
        self.write_rules(broken=False)

    def edit(self, step):
        """One config edit; every other one is followed by SIGHUP, the rest left to the file watcher."""
        files = self.args.chaos // FEEDS_PER_FILE, self.args.good // FEEDS_PER_FILE
        turn = step // 7
        action = step % 7
        if action == 0:
            self.park(f"chaos-{turn % max(files[0], 1):02}.toml")
        elif action == 1:
            first = self.args.chaos + turn * 20
            self.write(os.path.join(self.work, "feeds.d", f"extra-{turn}.toml"), self.feed_tables("chaos", range(first, first + 20)))
        elif action == 2:
            self.park(f"good-{turn % max(files[1], 1):02}.toml")
        elif action == 3:
            self.write_rules(broken=True)
        elif action == 4:
            self.write_rules(broken=False)
        elif action == 5:
            self.restore_all()
        elif action == 6:
            os.utime(self.config)
        if step % 2 == 0:
            self.sighup()

    def sample(self):
        if self.daemon is None:
            return
        if self.daemon.poll() is not None:
            self.unexpected_exits.append((self.elapsed(), self.daemon.pid, self.daemon.returncode))
            self.failures.append(f"{self.elapsed():.0f} s: the daemon (pid {self.daemon.pid}) exited by itself "
                                 f"with status {self.daemon.returncode}; restarted")
            self.start_daemon()
            return
        pid = self.daemon.pid
        try:
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, StopIteration):
            return
        self.samples.append((self.elapsed(), pid, rss, fds))

    def elapsed(self):
        return time.monotonic() - self.began

    # -- the run -----------------------------------------------------------------------------------

    def run(self):
        self.start_server()
        self.write_config()
        self.notify = NotifySocket(os.path.join(self.work, "notify"))
        self.began = time.monotonic()
        print(f"soak: {self.args.minutes:g} min, {self.args.good} good + {self.args.chaos} chaos feeds at {self.base}, "
              f"work folder {self.work}", flush=True)
        self.start_daemon()
        kills = [self.duration * f for f in (0.15, 0.30, 0.45)]
        rotations = [self.duration * i / 6 for i in range(1, 6)]
        freeze_at = self.duration - self.settle
        frozen = False
        next_edit, step, last_report = EDIT_EVERY, 0, 0
        while self.elapsed() < self.duration:
            now = self.elapsed()
            self.sample()
            if kills and now >= kills[0] and not self.rule_broken:
                kills.pop(0)
                self.kill_and_restart()
            if rotations and now >= rotations[0]:
                rotations.pop(0)
                self.logrotate()
            if not frozen and now >= freeze_at:
                frozen = True
                self.restore_all()
                self.control("/control/freeze")
                self.sighup()
                self.notes.append(f"{now:.0f} s: edits undone, good feeds frozen; settling for {self.settle:.0f} s")
            elif not frozen and now >= next_edit:
                self.edit(step)
                step += 1
                next_edit = now + EDIT_EVERY
            if now - last_report >= 60:
                last_report = now
                sample = self.samples[-1] if self.samples else None
                print(f"soak: {now / 60:4.1f} min, pid {self.daemon.pid}"
                      + (f", RSS {sample[2] / 1024:.1f} MiB, {sample[3]} fds" if sample else "")
                      + f", {len(self.failures)} failures so far", flush=True)
            time.sleep(2)
        self.stop()
        self.check()

    def stop(self):
        sent = self.stopped_at = time.monotonic()
        self.daemon.send_signal(signal.SIGTERM)
        try:
            status = self.daemon.wait(timeout=30)
            if status != 0:
                self.failures.append(f"SIGTERM: exit status {status}")
            self.stop_seconds = time.monotonic() - sent
        except subprocess.TimeoutExpired:
            self.failures.append("SIGTERM: still running after 30 s")
            self.daemon.kill()
            self.daemon.wait()
            self.stop_seconds = None
        # What the good feeds served (frozen since the settle time began), before the server goes.
        self.published = json.loads(self.control(f"/control/published/{self.args.good}"))
        self.server.terminate()
        self.server.wait()
        self.notify.running = False

    # -- the checks --------------------------------------------------------------------------------

    def check(self):
        lines = []
        expected = {guid: title for feed in self.published["feeds"].values() for guid, title in feed}
        alerting = {guid for guid, title in expected.items() if "Soakmarker" in title}

        # Up throughout: starts, exits, silence on the notify socket.
        ready_times = [s[2] for s in self.starts if s[2] is not None]
        lines.append(f"daemon starts: {len(self.starts)} (1 + {len(self.starts) - 1} after SIGKILL), "
                     f"READY after {max(ready_times or [0]):.1f} s at most; unexpected exits: {len(self.unexpected_exits)}")
        gap = self.longest_silence()
        lines.append(f"longest silence on the notify socket while running: {gap:.1f} s (watchdog {WATCHDOG_SECONDS} s)")
        if gap > WATCHDOG_SECONDS:
            self.failures.append(f"the daemon was silent for {gap:.1f} s, longer than its watchdog ({WATCHDOG_SECONDS} s)")
        if self.reload_latencies:
            lines.append(f"SIGHUP to READY=1: median {statistics.median(self.reload_latencies):.2f} s, "
                         f"max {max(self.reload_latencies):.2f} s over {len(self.reload_latencies)} reloads")
        if self.stop_seconds is not None:
            lines.append(f"SIGTERM to exit: {self.stop_seconds:.1f} s")

        # The archive.
        db = sqlite3.connect(f"file:{self.archive}?mode=ro", uri=True)
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        counts = dict(db.execute("SELECT guid, count(*) FROM article WHERE guid LIKE 'good-%' GROUP BY guid"))
        total = db.execute("SELECT count(*) FROM article").fetchone()[0]
        db.close()
        missing, repeated, unexpected = exactly_once(expected, counts)
        lines.append(f"archive: {total} articles; good items published {len(expected)}, archived {len(set(expected) & set(counts))}, "
                     f"missing {len(missing)}, more than once {len(repeated)}, never published {len(unexpected)}")
        if missing:
            self.failures.append(f"{len(missing)} good items missing from the archive, e.g. {missing[:5]}")
        if repeated:
            self.failures.append(f"{len(repeated)} good items archived more than once, e.g. {repeated[:5]}")
        if unexpected:
            self.failures.append(f"{len(unexpected)} archived good items were never published, e.g. {unexpected[:5]}")
        lines.append(f"PRAGMA integrity_check: {integrity}")
        if integrity != "ok":
            self.failures.append(f"integrity_check: {integrity}")

        # The alert log, rotated files included.
        alerted = {}
        files = 0
        other_marker_lines = 0
        for name in sorted(os.listdir(os.path.dirname(self.alert_log))):
            if not name.startswith("alerts.log"):
                continue
            files += 1
            path = os.path.join(os.path.dirname(self.alert_log), name)
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as f:
                for line in f:
                    if " soak-marker " not in line:
                        continue
                    match = re.search(r"url=\S*/(good-\d+-\d+)\b", line)
                    if match:
                        alerted[match.group(1)] = alerted.get(match.group(1), 0) + 1
                    else:
                        other_marker_lines += 1
        lost, twice, stray = exactly_once(alerting, alerted)
        lines.append(f"alerts: expected {len(alerting)}, logged {len(set(alerted) & alerting)} across {files} log files, "
                     f"missing {len(lost)}, more than once {len(twice)}, unexpected {len(stray) + other_marker_lines}")
        if lost:
            self.failures.append(f"{len(lost)} expected alerts missing from the log, e.g. {lost[:5]}")
        if twice:
            self.failures.append(f"{len(twice)} alerts logged more than once, e.g. {twice[:5]}")
        if stray or other_marker_lines:
            self.failures.append(f"{len(stray) + other_marker_lines} soak-marker alerts for items that should not alert, e.g. {stray[:5]}")

        # Memory and descriptors of the last process over the second half.
        last_pid = self.starts[-1][1]
        half = [s for s in self.samples if s[1] == last_pid and s[0] >= self.duration / 2]
        if len(half) >= 10:
            fifth = max(1, len(half) // 5)
            early = statistics.mean(s[2] for s in half[:fifth]) / 1024
            late = statistics.mean(s[2] for s in half[-fifth:]) / 1024
            peak = max(s[2] for s in half) / 1024
            lines.append(f"RSS over the second half ({len(half)} samples): first fifth {early:.1f} MiB, last fifth {late:.1f} MiB, "
                         f"peak {peak:.1f} MiB ({late - early:+.1f} MiB)")
            if late > early * 1.05 + 4:
                self.failures.append(f"resident memory grew over the second half: {early:.1f} → {late:.1f} MiB")
            # For diagnosis, not the check: SQLite's own memory (mostly its bounded page caches), as the
            # daemon's status line gives it, over the same samples' time span.
            sqlite = [(t, int(m.group(1))) for t, message in self.notify.since(self.starts[-1][0])
                      for m in [re.search(r"STATUS=[^\n]*SQLite (\d+) MiB", message)] if m
                      and t - self.began >= self.duration / 2]
            if len(sqlite) >= 2:
                lines.append(f"SQLite's own memory (status line) over the same half: {sqlite[0][1]} MiB → {sqlite[-1][1]} MiB "
                             f"({sqlite[-1][1] - sqlite[0][1]:+d} MiB; its page caches are bounded at 56 MiB)")
            quarter = max(1, len(half) // 4)
            floor_early = min(s[3] for s in half[:quarter])
            floor_late = min(s[3] for s in half[-quarter:])
            lines.append(f"open descriptors over the second half: fewest {floor_early} in the first quarter, {floor_late} in the last, "
                         f"most {max(s[3] for s in half)}")
            if floor_late > floor_early + 4:
                self.failures.append(f"descriptors leak: the floor rose from {floor_early} to {floor_late}")
        else:
            self.failures.append("too few samples of the last process over the second half")

        # For diagnosis: every notify message with its time in the run, and the failures.
        with open(os.path.join(self.work, "notify.log"), "w") as f:
            for t, message in self.notify.since(0):
                f.write(f"{t - self.began:8.1f} {message.replace(chr(10), ' | ')}\n")

        print("\nsoak results")
        for note in self.notes:
            print("  event: " + note)
        for line in lines:
            print("  " + line)
        if self.failures:
            print(f"\nsoak: FAILED ({len(self.failures)})")
            for failure in self.failures:
                print("  - " + failure)
        else:
            print("\nsoak: passed")
        print(f"(work folder, daemon log and server log: {self.work})")
        return not self.failures

    def longest_silence(self):
        """The longest time the running daemon sent nothing on its notify socket: from each READY=1
        to the next message, except across our own SIGKILLs and the final stop."""
        longest = 0.0
        messages = self.notify.since(0)
        for index, (started, pid, ready) in enumerate(self.starts):
            if ready is None:
                continue
            end = self.starts[index + 1][0] if index + 1 < len(self.starts) else self.stopped_at
            times = [started + ready] + [t for t, _ in messages if started + ready < t < end]
            times.append(end)
            if index + 1 < len(self.starts):
                times.pop()  # killed: silence after the last message is ours
            longest = max([longest] + [b - a for a, b in zip(times, times[1:])])
        return longest


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--binary", default=".build/debug/newswatch")
    parser.add_argument("--good", type=int, default=500)
    parser.add_argument("--chaos", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"soak: {args.binary} is not an executable (build it first)")
    soak = Soak(args)
    try:
        soak.run()
    finally:
        for process in (soak.daemon, getattr(soak, "server", None)):
            if process is not None and process.poll() is None:
                process.kill()
    return 0 if not soak.failures else 1


if __name__ == "__main__":
    sys.exit(main())
