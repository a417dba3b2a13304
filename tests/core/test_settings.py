import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def django_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = django_check({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_starts_with_a_secret_key():
    result = django_check(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "a.vn"}
    )
    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    db = tmp_path / "wal.sqlite3"
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}"}
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    env_all = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env_all
    )
    assert result.returncode == 0, result.stderr
    mode, timeout = result.stdout.split()
    assert mode == "wal"
    assert int(timeout) >= 5000
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


def test_postgres_pool_checks_each_connection_before_handing_it_out():
    # A restart of PostgreSQL kills the pooled connections; unchecked, each
    # worker handed them out and its next requests failed
    # (tests/test_database_outage.py proves the recovery on PostgreSQL).
    code = (
        "import django; django.setup(); from django.db import connections;"
        "print(*(connections[a].settings_dict['CONN_HEALTH_CHECKS'] for a in connections))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": "postgres://portal@db.invalid/portal",
        "DATABASE_REPLICA_URL": "postgres://portal@replica.invalid/portal",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_a_local_env_file_fills_in_what_the_environment_does_not_set(tmp_path):
    """`make run` writes .env (DJANGO_DEBUG=1); then the README's commands work as typed."""
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    result = django_check({"PORTAL_ENV_FILE": str(env_file)})
    assert result.returncode == 0, result.stderr
    # The environment wins over the file, so production can't be talked into debug.
    result = django_check({"PORTAL_ENV_FILE": str(env_file), "DJANGO_DEBUG": "0"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_the_readme_import_command_works_after_make_run(tmp_path):
    """`.venv/bin/python manage.py import_articles …` with only the .env `make run` wrote."""
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        PORTAL_ENV_FILE=str(env_file),
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        PORTAL_VAR_DIR=str(tmp_path),
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], capture_output=True, text=True, cwd=ROOT, env=env
        )

    migrate = manage("migrate", "-v0")
    assert migrate.returncode == 0, migrate.stderr
    category = manage(
        "shell", "-c", "from news.models import Category as C; C(name='Dân vận').save()"
    )
    assert category.returncode == 0, category.stderr
    imported = manage(
        "import_articles", "tests/fixtures/export_sample.txt", "--category", "dan-van"
    )
    assert imported.returncode == 0, imported.stderr
    assert "DJANGO_SECRET_KEY" not in imported.stderr
