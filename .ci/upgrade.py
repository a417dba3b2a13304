"""CI: upgrading from the release before the apps split (7d1c5f9) loses nothing.

For SQLite and for PostgreSQL, each in a database and MEDIA_ROOT of its own:

1. the old release, checked out with `git worktree` into a temporary directory
   and installed there with its own Makefile and venv, migrates a fresh
   database, loads its demo content, imports tests/fixtures/export_sample.txt
   and, through its admin, adds users in each role, revisions, audit entries,
   an uploaded photo and a trashed article; then it records a snapshot;
2. this checkout runs `migrate` on the same database and media;
3. this checkout compares (.ci/upgrade_probe.py check): every row of every
   table, field by field, with the content types of the moved models renamed;
   audit entries and revisions still reach their objects; each role keeps its
   permissions; every media file is unchanged and every photo opens; the public
   pages answer 200; search finds the imported article.

Run by hand: `.venv/bin/python .ci/upgrade.py [--db sqlite|postgres] [--keep]`.
PostgreSQL must be at 127.0.0.1:5432 (user postgres); the database
portal_upgrade_ci is created and dropped. Exits non-zero on any loss, naming it.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

OLD_RELEASE = "7d1c5f9"  # a commit id: tags may not travel with the repository
ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / ".ci" / "upgrade_probe.py"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "portal_upgrade_ci"
IMPORT_CATEGORY = "tin-co-so"  # a demo category of the old release

# Variables the portal's settings read: none may leak in from the caller's shell.
SETTINGS_VARIABLES = re.compile(
    r"^(DJANGO_|DATABASE_|PORTAL_|MEDIA_|REDIS_|PAGE_CACHE_|AXES_|STAFF_SESSION_|GUNICORN_"
    r"|BACKUP_DIR$|STATIC_ROOT$|AWS_(S3_|STORAGE_|ACCESS_KEY_ID$|SECRET_ACCESS_KEY$|LOCATION$))"
)

deadline = 0.0
running = None  # the child process, ended with its process group on a signal


class StepFailed(Exception):
    pass


def clean_environment():
    return {key: value for key, value in os.environ.items() if not SETTINGS_VARIABLES.match(key)}


def portal_environment(database_url, var_dir, media_root):
    return {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_ENV_FILE": "",  # never a developer's .env (settings read one since f7d0844)
        "DJANGO_LOG_LEVEL": "WARNING",  # not a line per admin login
    }


def run(what, command, cwd, env, check=True):
    """Run a command in its own process group, within the time left."""
    global running
    left = deadline - time.monotonic()
    if left <= 0:
        raise StepFailed(f"out of time before: {what}")
    started = time.monotonic()
    running = subprocess.Popen(
        [str(part) for part in command], cwd=cwd, env=env, start_new_session=True
    )
    try:
        code = running.wait(timeout=left)
    except subprocess.TimeoutExpired:
        os.killpg(running.pid, signal.SIGKILL)
        running.wait()
        raise StepFailed(f"out of time during: {what}") from None
    finally:
        running = None
    if check and code != 0:
        raise StepFailed(f"{what}: exit status {code}")
    print(f"    {what}: {time.monotonic() - started:.1f} s", flush=True)
    return code


def postgres(sql):
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def upgrade(backend, old, work):
    """Old release writes, new release migrates and checks. Returns seconds taken."""
    started = time.monotonic()
    var_dir, media_root = work / "var", work / "media"
    var_dir.mkdir(parents=True)
    media_root.mkdir()
    if backend == "sqlite":
        database_url = f"sqlite:///{var_dir / 'portal.sqlite3'}"
    else:
        postgres(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        postgres(f"CREATE DATABASE {PG_NAME}")
        database_url = f"{PG_SERVER}/{PG_NAME}"
    env = portal_environment(database_url, var_dir, media_root)
    old_python, new_python = old / ".venv/bin/python", ROOT / ".venv/bin/python"
    seed, before = work / "seed.json", work / "before.json"

    print(f"  old release {OLD_RELEASE}:", flush=True)
    run("migrate", [old_python, "manage.py", "migrate", "--noinput", "-v0"], old, env)
    run("load_demo", [old_python, "manage.py", "load_demo"], old, env)
    fixture = old / "tests/fixtures/export_sample.txt"
    importing = ["import_articles", fixture, "--category", IMPORT_CATEGORY, "--publish"]
    run("import_articles", [old_python, "manage.py", *importing], old, env)
    run("users, revisions, audit entries (admin)", [old_python, PROBE, "seed", seed], old, env)
    run("snapshot", [old_python, PROBE, "snapshot", before], old, env)

    print("  this checkout:", flush=True)
    run("migrate", [new_python, "manage.py", "migrate", "--noinput", "-v0"], ROOT, env)
    if run("check", [new_python, PROBE, "check", before, seed], ROOT, env, check=False):
        raise StepFailed(f"the upgrade on {backend} lost or broke something (listed above)")
    return time.monotonic() - started


def main():
    global deadline
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--budget", type=int, default=600, help="seconds for the whole run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    deadline = time.monotonic() + args.budget
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]

    def stop(signum, frame):
        if running is not None:
            os.killpg(running.pid, signal.SIGKILL)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    tmp = Path(tempfile.mkdtemp(prefix="portal-upgrade-"))
    old = tmp / "old"
    timings = {}
    try:
        known = subprocess.run(["git", "-C", ROOT, "cat-file", "-e", f"{OLD_RELEASE}^{{commit}}"])
        if known.returncode != 0:
            raise StepFailed(
                f"commit {OLD_RELEASE} is not in this clone (shallow? git fetch --unshallow)"
            )
        print(f"  checking out {OLD_RELEASE} into {old}", flush=True)
        worktree_add = ["git", "-C", ROOT, "worktree", "add", "--detach", "--quiet"]
        run("git worktree add", [*worktree_add, old, OLD_RELEASE], ROOT, clean_environment())
        run("make install (old release)", ["make", "install"], old, clean_environment())
        for backend in backends:
            print(f"\n  == {backend} ==", flush=True)
            timings[backend] = upgrade(backend, old, tmp / backend)
    except StepFailed as failure:
        print(f"\nUPGRADE CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if "postgres" in backends and not args.keep:
            try:
                postgres(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            except Exception as exc:
                print(f"  could not drop {PG_NAME}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"\n  kept {tmp} (and the database {PG_NAME} if it was made);")
            print(f"  afterwards: git worktree remove --force {old}")
        else:
            # Faster than `git worktree remove`, which walks the old venv file by file.
            shutil.rmtree(tmp, ignore_errors=True)
            subprocess.run(["git", "-C", ROOT, "worktree", "prune"], check=False)
    print("\n  " + ", ".join(f"{b}: {s:.0f} s" for b, s in timings.items()) + "; nothing lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
