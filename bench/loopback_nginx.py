"""Debian's nginx on 127.0.0.1 serving a folder, for the benchmarks that poll feeds over HTTP
(daemon_bench.py, polling_bench.py). Static files with nginx's own validators: `ETag` (mtime and
size) and `Last-Modified`, so a conditional GET of an unchanged file is answered 304 by nginx
itself, as a real feed server does.

With `access_log=True` every request is logged as `$status $bytes_sent $request_uri` (bytes_sent:
headers and body as they went out on the wire), for counting what a client asked for.
"""
import os
import shutil
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary():
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


class LoopbackNginx:
    def __init__(self, work, root, access_log=False, gzip=False):
        """work: a scratch folder for nginx's config, pid and logs; root: the folder it serves."""
        self.binary = nginx_binary()
        if not self.binary:
            raise RuntimeError("nginx is not installed (Debian package nginx)")
        self.work = os.path.join(work, "nginx")
        os.makedirs(self.work, exist_ok=True)
        # nginx's workers run as www-data when started as root: they must reach the files.
        for folder in (work, root):
            os.chmod(folder, 0o755)
        self.port = free_port()
        self.access_log_path = os.path.join(self.work, "access.log") if access_log else None
        log = f"log_format bench '$status $bytes_sent $request_uri';\n  access_log {self.access_log_path} bench;" \
            if access_log else "access_log off;"
        compression = "gzip on; gzip_types application/rss+xml application/atom+xml; gzip_min_length 256;" if gzip else ""
        w = self.work
        self.config = os.path.join(w, "nginx.conf")
        with open(self.config, "w") as f:
            f.write(f"""worker_processes 1;
daemon off;
pid {w}/nginx.pid;
error_log {w}/error.log;
events {{ worker_connections 1024; }}
http {{
  {log}
  etag on;
  types {{ application/rss+xml xml; application/atom+xml atom; }}
  {compression}
  client_body_temp_path {w}; proxy_temp_path {w}; fastcgi_temp_path {w};
  uwsgi_temp_path {w}; scgi_temp_path {w};
  server {{ listen 127.0.0.1:{self.port}; root {root}; keepalive_requests 100000; }}
}}
""")
        self.process = subprocess.Popen([self.binary, "-p", w, "-c", self.config, "-e", f"{w}/error.log"],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("nginx did not start: " + self.error_log())
                time.sleep(0.05)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def error_log(self):
        try:
            with open(os.path.join(self.work, "error.log")) as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def log_size(self):
        """Where the access log ends now: requests after this point belong to what comes next."""
        return os.path.getsize(self.access_log_path) if os.path.exists(self.access_log_path) else 0

    def requests_since(self, offset, expected=0, settle=2.0):
        """(status, bytes_sent, path) of every request logged after `offset`. nginx writes a line once
        the response is out, so a client may have exited a moment before its last lines: wait until
        `expected` lines are there (at most `settle` seconds)."""
        deadline = time.monotonic() + settle
        while True:
            with open(self.access_log_path, "rb") as f:
                f.seek(offset)
                lines = [line.split() for line in f.read().decode(errors="replace").splitlines()]
            rows = [(int(p[0]), int(p[1]), p[2]) for p in lines if len(p) == 3]
            if len(rows) >= expected or time.monotonic() > deadline:
                return rows
            time.sleep(0.02)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
