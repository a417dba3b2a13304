"""`make soak`: 60 s at concurrency 64 of page views and searches against
gunicorn on 127.0.0.1, while an editor publishes an article every second.

Reports errors (must be 0), p50/p99 latency and worker memory growth.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench import PY, ROOT, Bench, log  # noqa: E402

PUBLISHER = """
import time
from accounts.models import User
from news import workflow
from news.models import Article, Category
editor, _ = User.objects.get_or_create(username="soak-editor", defaults={"is_staff": True,
    "is_superuser": True, "display_name": "Biên tập thử tải"})
category = Category.objects.first()
deadline = time.monotonic() + DURATION
published = 0
while time.monotonic() < deadline:
    article = Article.objects.create(title=f"Tin nóng thử tải số {published}",
        lead="Ngày 09/10, Thành ủy Lạng Sơn họp khẩn.", body="<p>Nội dung tin nóng.</p>",
        category=category, author=editor)
    workflow.transition(article, Article.Status.PUBLISHED, editor)
    published += 1
    time.sleep(1)
print("PUBLISHED", published)
"""

SEARCHES = ["dan+van", "Đảng+bộ", "thanh+uy+lang+son", "chuyển+đổi+số", "nong+thon+moi", "an+ninh"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--cache", choices=["redis", "file"], default="redis")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.quick = True
    bench = Bench(args)
    try:
        bench.prepare()
        bench.generate(2000)
        bench.start_server()
        urls = bench.pick_urls()
        paths = [urls["home"], urls["category"], urls["article"], urls["deep category page"]]
        paths += [f"/tim-kiem/?q={q}" for q in SEARCHES]
        bench.wrk(paths, 3)  # warm up
        rss_before = bench.worker_rss_kib()
        import subprocess

        publisher = subprocess.Popen(
            [PY, "manage.py", "shell", "--no-imports", "-c",
             PUBLISHER.replace("DURATION", str(args.duration))],
            cwd=ROOT, env=bench.env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        started = time.monotonic()
        result = bench.wrk(paths, args.duration, connections=args.connections)
        published = publisher.communicate(timeout=120)[0]
        rss_after = bench.worker_rss_kib()
        errors = sum(result[k] for k in ("status_errors", "connect", "read", "write", "timeout"))
        log(f"\nSoak: {time.monotonic() - started:.0f} s, {args.connections} connections, "
            f"{len(paths)} URLs (pages and searches)")  # fmt: skip
        log(f"  requests   {result['requests']} ({result['rps']:.0f} req/s)")
        sockets = result["connect"] + result["read"] + result["write"]
        log(f"  errors     {errors} (non-2xx/3xx {result['status_errors']}, socket {sockets}, "
            f"timeouts {result['timeout']})")  # fmt: skip
        p50, p99 = result["p50_us"] / 1000, result["p99_us"] / 1000
        log(f"  latency    p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        log(f"  published  {published.split()[-1] if published else '?'} articles during the run")
        log(f"  worker RSS {rss_before / 1024:.1f} → {rss_after / 1024:.1f} MiB "
            f"({(rss_after - rss_before) / rss_before * 100:+.1f}%)")  # fmt: skip
        if errors:
            sys.exit(1)
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
