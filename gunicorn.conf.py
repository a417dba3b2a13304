"""gunicorn settings for production (`make serve`). Each can be overridden by
the environment variable named beside it."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2 per core + 1 processes, each with a few threads. Pages are mostly served
# from the cache (CPU-bound), but an upload waits seconds for its check in a
# child process (core/sandbox.py): with one thread a worker, five uploads
# at once held every worker, and an editor's /admin/ queued behind them.
# A waiting thread holds neither the GIL nor the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Queue connections instead of refusing them under a spike (nginx buffers too).
backlog = int(os.environ.get("GUNICORN_BACKLOG", 2048))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so no slow leak can grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 500))
# Load the app once in the master: faster start, shared memory pages.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Keep worker heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn heartbeats


def post_fork(server, worker):
    # Connections (and psycopg pools) must not be shared across a fork.
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()
