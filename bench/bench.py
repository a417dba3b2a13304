"""`make bench`: page throughput and latency, as ratios to a static file, in one run.

Method (see README, "Benchmark"):
1. A scratch database (PostgreSQL `portal_pagebench`, or a temporary SQLite file)
   gets 1,000 generated articles (`manage.py generate_demo`).
2. gunicorn serves the site with 2 workers on 127.0.0.1, DEBUG off.
3. wrk drives each page for a fixed time: home, category, article, a deep
   category page and search; cached (anonymous readers, page cache on) and
   uncached (PAGE_CACHE_ENABLED=0: every request runs the view). Uncached
   article pages still reuse the article's kept parts (news/fragments.py), as
   they do in production whenever the page cache misses; the cost of a page
   with nothing kept is printed too (cold render, in-process). A static file of
   the same size as the article page, served by the same gunicorn through
   WhiteNoise, is the yardstick: every figure is also printed as a ratio to it.
4. SQL queries per page, worker memory before and after 20,000 requests, and an
   overload run at concurrency 256.
5. The database grows to 100,000 articles and the uncached pages are measured
   again, as a ratio to the 1,000-article figures.

Everything runs on 127.0.0.1 and every load run is bounded in time.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST, PORT = "127.0.0.1", 8300
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    "WRK {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50_us\\":%d,\\"p99_us\\":%d,"
    .. "\\"status_errors\\":%d,\\"connect\\":%d,\\"read\\":%d,\\"write\\":%d,\\"timeout\\":%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
"""
MIXED = """
paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def log(message):
    print(message, flush=True)


class Bench:
    """A scratch database and a gunicorn serving it, on 127.0.0.1.

    ``port``, ``pg_admin_url`` and ``db_name`` let another script (bench/outage.py)
    run the same set-up on a PostgreSQL cluster of its own, beside a running bench.
    """

    def __init__(self, args, port=PORT, pg_admin_url=PG_ADMIN_URL, db_name="portal_pagebench"):
        self.args = args
        self.base = f"http://{HOST}:{port}"
        self.pg_admin_url = pg_admin_url
        self.db_name = db_name
        self.tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PORTAL_VAR_DIR": str(self.tmp / "var"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "STATIC_ROOT": str(self.tmp / "static"),
            "GUNICORN_WORKERS": "2",
            # No worker recycling while we measure memory growth.
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_ACCESS_LOG": str(self.tmp / "access.log"),
        }
        if args.db == "postgres":
            self.env["DATABASE_URL"] = pg_admin_url.rsplit("/", 1)[0] + "/" + db_name
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        if args.cache == "redis":
            self.env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
        self.server = None
        self.results = {}

    # ------------------------------------------------------------------ setup

    def manage(self, *argv, capture=False):
        return subprocess.run(
            [PY, "manage.py", *argv],
            cwd=ROOT,
            env=self.env,
            check=True,
            text=True,
            capture_output=capture,
        )

    def shell_json(self, code):
        """Run ``code`` in ``manage.py shell`` against the scratch database; its printed JSON."""
        return json.loads(self.manage("shell", "--no-imports", "-c", code, capture=True).stdout)

    def prepare(self):
        if self.args.db == "postgres":
            import psycopg

            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {self.db_name}")
        if self.args.cache == "redis":
            subprocess.run(["redis-cli", "-n", "7", "FLUSHDB"], check=False, capture_output=True)
        log(f"Database: {self.args.db}; cache: {self.args.cache}; scratch: {self.tmp}")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")

    def generate(self, total):
        have = self.shell_json("from news.models import Article; print(Article.objects.count())")
        if total > have:
            started = time.monotonic()
            self.manage("generate_demo", "--articles", str(total - have), capture=True)
            log(f"Generated {total - have} articles in {time.monotonic() - started:.0f} s")

    def start_server(self, page_cache=True):
        self.stop_server()
        env = {**self.env, "PAGE_CACHE_ENABLED": "1" if page_cache else "0"}
        self.server = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "portal.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / "gunicorn.err", "w"),  # noqa: SIM115
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start; see " + str(self.tmp / "gunicorn.err"))

    def stop_server(self):
        if self.server is not None:
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(timeout=30)
            self.server = None

    def worker_rss_kib(self):
        children = subprocess.run(
            ["pgrep", "-P", str(self.server.pid)], capture_output=True, text=True
        ).stdout.split()
        total = 0
        for pid in children:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+)", status)
            total += int(found.group(1)) if found else 0
        return total

    # ------------------------------------------------------------------ pages

    def pick_urls(self):
        code = (
            "from news.models import Article, Category\n"
            "from django.db.models import Count\n"
            "import json\n"
            "a = Article.objects.published().select_related('category')"
            ".order_by('-published_at')[5]\n"
            "c = Category.objects.filter(parent__isnull=True).annotate(n=Count('articles'))"
            ".order_by('-n').first()\n"
            "n = Article.objects.published().in_category(c).count()\n"
            "print(json.dumps({'article': a.get_absolute_url(), 'category': c.get_absolute_url(),"
            " 'pages': max(1, (n + 9) // 10)}))"
        )
        info = self.shell_json(code)
        deep = min(2000, info["pages"])
        return {
            "home": "/",
            "category": info["category"],
            "article": info["article"],
            "deep category page": f"{info['category']}?page={deep}",
            "search": "/tim-kiem/?q=dan+van",
        }

    def yardstick(self, article_url):
        """A static file the size of the article page, served by WhiteNoise."""
        size = len(urllib.request.urlopen(self.base + article_url).read())
        target = Path(self.env["STATIC_ROOT"]) / "bench" / "yardstick.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"<!doctype html>" + b"x" * max(0, size - 15))
        return "/static/bench/yardstick.html", size

    def wrk(self, paths, duration, connections=32, headers=()):
        script = self.tmp / "wrk.lua"
        quoted = ", ".join(json.dumps(quote(p, safe="/?=&+%")) for p in paths)
        script.write_text(MIXED % quoted + WRK_REPORT)
        cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(script)]  # fmt: skip
        for header in headers:
            cmd += ["-H", header]
        run = subprocess.run(
            [*cmd, self.base], capture_output=True, text=True, timeout=duration + 60
        )
        found = re.search(r"WRK (\{.*\})", run.stdout)
        if found is None:
            raise SystemExit(f"wrk failed: {run.stdout}\n{run.stderr}")
        data = json.loads(found.group(1))
        data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
        return data

    def measure(self, name, path, duration=None):
        duration = duration or self.args.duration
        self.wrk([path], 2)  # warm up: fill the cache, open the pools
        result = self.wrk([path], duration)
        self.results[name] = result
        return result

    def queries_per_page(self, urls):
        code = (
            "import json\n"
            "from django.conf import settings\n"
            "settings.PAGE_CACHE_ENABLED = False\n"
            "from django.db import connection\n"
            "from django.test import Client\n"
            "from django.test.utils import CaptureQueriesContext\n"
            f"urls = {json.dumps(urls)}\n"
            "from news import fragments\n"
            "out = {}\n"
            "for name, url in urls.items():\n"
            "    client = Client()\n"
            "    fragments.forget()\n"
            "    with CaptureQueriesContext(connection) as ctx:\n"
            "        client.get(url, HTTP_HOST='127.0.0.1')\n"
            "    out[name] = len(ctx.captured_queries)\n"
            "print(json.dumps(out))"
        )
        return self.shell_json(code)

    def article_render_ms(self, url):
        """Median in-process time of the article page, cold (nothing kept) and with kept parts."""
        code = (
            "import json, statistics, time\n"
            "from django.conf import settings\n"
            "settings.PAGE_CACHE_ENABLED = False\n"
            "from django.test import Client\n"
            "from news import fragments\n"
            "client = Client()\n"
            f"url = {json.dumps(url)}\n"
            "def timed(cold):\n"
            "    runs = []\n"
            "    for _ in range(200):\n"
            "        if cold:\n"
            "            fragments.forget()\n"
            "        started = time.perf_counter()\n"
            "        client.get(url, HTTP_HOST='127.0.0.1')\n"
            "        runs.append((time.perf_counter() - started) * 1000)\n"
            "    return statistics.median(runs)\n"
            "timed(True)\n"
            "print(json.dumps({'cold': timed(True), 'kept': timed(False)}))"
        )
        return self.shell_json(code)

    # ------------------------------------------------------------------ run

    def run(self):
        self.prepare()
        self.generate(1000)
        self.start_server()
        urls = self.pick_urls()
        static_path, size = self.yardstick(urls["article"])
        self.stop_server()
        self.start_server()  # WhiteNoise indexes static files at start-up
        log(f"\nPages ({self.args.duration} s each, 2 workers, 32 connections); "
            f"yardstick: static file of {size} bytes\n")  # fmt: skip
        static = self.measure("static file", static_path)
        rows = [("static file", static)]
        for name, path in urls.items():
            if name != "search":
                rows.append((f"{name} (cached)", self.measure(f"{name} cached", path)))
        # The same pages with the page cache turned off (PAGE_CACHE_ENABLED=0).
        self.start_server(page_cache=False)
        for name, path in urls.items():
            rows.append((f"{name} (uncached)", self.measure(f"{name} uncached", path)))
        self.print_table(rows, static["rps"])
        small = {name: self.results[f"{name} uncached"] for name in urls if name != "search"}
        self.start_server()

        queries = self.queries_per_page(urls)
        log("\nSQL queries per page (uncached, nothing kept): "
            + ", ".join(f"{k} {v}" for k, v in queries.items()))  # fmt: skip
        render = self.article_render_ms(urls["article"])
        log(f"Article page in one process (test client, page cache off): cold render "
            f"{render['cold']:.1f} ms (every part rendered), with kept parts "
            f"{render['kept']:.1f} ms (no SQL)")  # fmt: skip

        churn = [urls["home"], urls["category"], urls["article"], static_path]
        self.wrk(churn, 3)  # steady state first: pools open, hot pages in memory
        rss_before = self.worker_rss_kib()
        soak = self.wrk(churn, max(10, 20000 // max(1, int(static["rps"])) + 5))
        rss_after = self.worker_rss_kib()
        growth = (rss_after - rss_before) / rss_before * 100
        log(f"\nWorker RSS: {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after "
            f"{soak['requests']} requests: {growth:+.1f}% (target < 10%)")  # fmt: skip

        overload = self.wrk(list(urls.values()), 10, connections=256)
        log(f"\nOverload, concurrency 256 for 10 s: {overload['requests']} answered, "
            f"{overload['status_errors']} non-2xx/3xx, socket errors: connect "
            f"{overload['connect']}, read {overload['read']}, write {overload['write']}, "
            f"timeout {overload['timeout']}")  # fmt: skip

        if not self.args.quick:
            self.stop_server()
            self.generate(100_000)
            self.start_server(page_cache=False)
            big_urls = self.pick_urls()
            log("\nUncached pages at 100,000 articles, against 1,000 (target: at most 1.5x slower)")
            for name in small:
                big = self.measure(f"{name} 100k", big_urls[name])
                slower = small[name]["rps"] / big["rps"]
                log(f"  {name:<20} {big['rps']:8.0f} req/s  p50 {big['p50_us'] / 1000:6.1f} ms"
                    f"  p99 {big['p99_us'] / 1000:6.1f} ms  {slower:4.2f}x slower")  # fmt: skip
            queries = self.queries_per_page(big_urls)
            log("SQL queries per page at 100,000: "
                + ", ".join(f"{k} {v}" for k, v in queries.items()))  # fmt: skip
        self.stop_server()

    def print_table(self, rows, static_rps):
        log(f"{'page':<34} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, r in rows:
            errors = r["status_errors"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
            log(f"{name:<34} {r['rps']:8.0f} {r['rps'] / static_rps:6.2f} "
                f"{r['p50_us'] / 1000:8.1f} {r['p99_us'] / 1000:8.1f} {errors:7d}")  # fmt: skip
        cached = self.results["article cached"]["rps"] / static_rps
        uncached = self.results["article uncached"]["rps"] / static_rps
        log(f"\nTargets: cached article {cached:.2f}x static (>= 0.7), "
            f"uncached article {uncached:.2f}x static (>= 0.2)")  # fmt: skip

    def cleanup(self):
        self.stop_server()
        if self.args.db == "postgres" and not self.args.keep:
            import psycopg

            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--cache", choices=["redis", "file"], default="redis")
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement")
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-article step")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
