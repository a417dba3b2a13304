"""`make outage`: the site under load while its PostgreSQL restarts and stops.

Method (see README, "Caching", on database outages):
1. A PostgreSQL cluster of our own, in a temporary directory (initdb, trust
   auth, 127.0.0.1 on a free port from 5499), so that restarting it harms no
   one else's database. It gets the demo content (`manage.py load_demo`) and an
   editor's admin session.
2. gunicorn with `gunicorn.conf.py`, 2 workers, DEBUG off, the pool on as in
   production, a file cache in the scratch directory.
3. Client threads request pages, searches, the admin login page and the admin
   index with the editor's session, while the cluster is restarted
   (`pg_ctl restart -m fast`, which ends every connection with "terminating
   connection due to administrator command"), then stopped for a few seconds
   and started again. This runs twice: with the page cache on, then with
   PAGE_CACHE_ENABLED=0 so that every page reads the database.
4. It prints the answers by status code per phase, and exits non-zero if any
   request got a 500, got no answer at all, or if the site still failed in
   the last seconds of the run (it did not recover).

Bounded in time: about 90 s on a 2-core machine, set-up included.
"""

import argparse
import collections
import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent))

import psycopg  # noqa: E402

from bench import HOST, Bench, log  # noqa: E402

PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
DB_NAME = "portal_outage"

PATHS = {
    "page": ["/", "CATEGORY", "ARTICLE"],
    "search": ["/tim-kiem/?q=dan+van", "/tim-kiem/?q=chuyen+doi+so", "/tim-kiem/?q=Đảng+bộ"],
    "admin login": ["/admin/login/"],
    "admin (session)": ["/admin/", "/admin/news/article/"],
}

# One process for the whole set-up: each Django start-up costs seconds here.
# Static files get the manifest (hashed names) without WhiteNoise's Brotli and
# gzip copies: the site reads the same staticfiles.json, and compressing took 44
# of collectstatic's 46 s on a busy 2-core machine, for files no client here asks
# for compressed.
SETUP = """
import io
import json
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", stdout=io.StringIO())
from accounts.models import User
from accounts.roles import EDITOR
from news.models import Article
user, _ = User.objects.get_or_create(username="outage-editor",
    defaults={"is_staff": True, "display_name": "Biên tập thử sự cố"})
user.groups.add(Group.objects.get(name=EDITOR))
client = Client()
client.force_login(user)
article = Article.objects.published().select_related("category").first()
print(json.dumps({"session": client.cookies[settings.SESSION_COOKIE_NAME].value,
    "article": article.get_absolute_url(), "category": article.category.get_absolute_url()}))
"""


def free_port(start):
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) != 0:
                return port
    raise SystemExit(f"no free port from {start}")


class Cluster:
    """A throw-away PostgreSQL cluster: initdb, pg_ctl start/stop/restart."""

    def __init__(self, port):
        if not PG_BIN:
            raise SystemExit("PostgreSQL server binaries not found under /usr/lib/postgresql")
        self.bin = PG_BIN[-1].parent
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="portal-outage-pg-"))
        self.data = self.dir / "data"
        # initdb and postgres refuse to run as root: run them as "postgres".
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self.url = f"postgres://postgres@{HOST}:{port}/postgres"

    def run(self, tool, *argv, timeout=60):
        subprocess.run(
            [*self.as_user, str(self.bin / tool), *argv],
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def pg_ctl(self, *argv):
        started = time.monotonic()
        self.run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.dir / "postgres.log"), *argv)
        return time.monotonic() - started

    def create(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -c unix_socket_directories={self.dir}"
            " -c fsync=off -c full_page_writes=off -c max_connections=60"
        )
        return self.pg_ctl("start", "-o", options)

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class Load:
    """Client threads requesting a mix of URLs; each answer is tagged with the phase."""

    def __init__(self, base_port, paths, session, threads):
        self.port = base_port
        self.paths = [(kind, path) for kind, items in paths.items() for path in items]
        self.session = session
        self.threads = threads
        self.phase = "before"
        self.results = []  # (phase, kind, status or error name, seconds, monotonic time)
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def request(self, kind, path):
        headers = {"Connection": "close"}
        if kind == "admin (session)":
            headers["Cookie"] = f"sessionid={self.session}"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=40)
        try:
            conn.request("GET", quote(path, safe="/?=&+"), headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        except OSError as exc:
            return type(exc).__name__
        finally:
            conn.close()

    def worker(self, offset):
        turn = offset
        while not self.stopping.is_set():
            kind, path = self.paths[turn % len(self.paths)]
            turn += 1
            started = time.monotonic()
            outcome = self.request(kind, path)
            # Counted in the phase in which the answer came.
            with self.lock:
                self.results.append((self.phase, kind, outcome, time.monotonic() - started))

    def __enter__(self):
        self.pool = [
            threading.Thread(target=self.worker, args=(n * 3,), daemon=True)
            for n in range(self.threads)
        ]
        for thread in self.pool:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.pool:
            thread.join(timeout=60)


PHASES = ["before", "restart", "after restart", "stopped", "after start", "last 3 s"]


def run_part(bench, cluster, paths, session, page_cache, args):
    bench.start_server(page_cache=page_cache)
    port = int(bench.base.rsplit(":", 1)[1])
    with Load(port, paths, session, args.threads) as load:
        time.sleep(args.before)
        load.phase = "restart"
        took = cluster.pg_ctl("restart", "-m", "fast")
        load.phase = "after restart"
        time.sleep(args.after)
        load.phase = "stopped"
        cluster.pg_ctl("stop", "-m", "fast")
        time.sleep(args.down)
        load.phase = "after start"
        cluster.start()
        time.sleep(args.after + 2)
        load.phase = "last 3 s"
        time.sleep(3)
    bench.stop_server()
    label = "page cache on" if page_cache else "page cache off (PAGE_CACHE_ENABLED=0)"
    log(f"\n{label}: restart took {took:.1f} s, stopped for {args.down} s")
    return report(load.results)


def report(results):
    by_phase = collections.defaultdict(collections.Counter)
    latency = collections.defaultdict(list)
    failures = collections.Counter()
    for phase, kind, outcome, seconds in results:
        by_phase[phase][outcome] += 1
        latency[phase].append(seconds)
        if outcome == 500 or not isinstance(outcome, int):
            failures[(phase, kind, outcome)] += 1
    log(f"  {'phase':<14} {'answers by status':<44} {'p50 ms':>7} {'max ms':>7}")
    for phase in PHASES:
        counts = by_phase.get(phase, collections.Counter())
        text = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda i: str(i[0])))
        times = sorted(latency.get(phase) or [0])
        p50, worst = times[len(times) // 2] * 1000, times[-1] * 1000
        log(f"  {phase:<14} {text or '-':<44} {p50:7.0f} {worst:7.0f}")
    by_kind = collections.defaultdict(collections.Counter)
    for _phase, kind, outcome, _seconds in results:
        by_kind[kind][outcome] += 1
    for kind, counts in by_kind.items():
        log(f"  {kind:<16} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str)))
    for (phase, kind, outcome), count in sorted(failures.items(), key=str):
        log(f"  FAILED: {count} × {outcome} for {kind} during '{phase}'")
    # Recovered: the last seconds of the run answered without any server error.
    late = [o for phase, _k, o, _s in results if phase == "last 3 s" and o not in (200, 302)]
    if late:
        log(f"  NOT RECOVERED: {len(late)} failed answers in the last 3 s")
    return sum(failures.values()) + len(late)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=6, help="concurrent HTTP clients")
    parser.add_argument("--before", type=float, default=3, help="seconds of load before")
    parser.add_argument("--after", type=float, default=5, help="seconds after each restart")
    parser.add_argument("--down", type=float, default=4, help="seconds the cluster stays down")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directories")
    args = parser.parse_args()
    args.db, args.cache, args.quick = "postgres", "file", True

    started = time.monotonic()
    cluster = Cluster(free_port(5499))
    bench = Bench(args, port=free_port(8310), pg_admin_url=cluster.url, db_name=DB_NAME)
    bench.env["GUNICORN_MAX_REQUESTS"] = "0"
    failed = 0
    try:
        cluster.create()
        log(f"Scratch PostgreSQL cluster on port {cluster.port} in {cluster.dir}")
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DB_NAME}")
        info = bench.shell_json(SETUP)
        paths = {
            kind: [info[p.lower()] if p.isupper() else p for p in items]
            for kind, items in PATHS.items()
        }
        log(f"Set-up took {time.monotonic() - started:.0f} s; {args.threads} clients, "
            f"2 gunicorn workers, URLs: {json.dumps(paths, ensure_ascii=False)}")  # fmt: skip
        for page_cache in (True, False):
            failed += run_part(bench, cluster, paths, info["session"], page_cache, args)
    finally:
        bench.stop_server()
        cluster.destroy()
        if not args.keep:
            shutil.rmtree(bench.tmp, ignore_errors=True)
        else:
            log(f"Kept {bench.tmp} (gunicorn.err, access.log)")
    verdict = "FAILED: see above." if failed else "No 500, every request answered, recovered."
    log(f"\nTotal time {time.monotonic() - started:.0f} s. {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
