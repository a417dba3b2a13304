"""Scale-out settings, proven in subprocesses with their own databases."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "MEDIA_"))}
    full_env.update({"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings", **env})
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=full_env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


SEED = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.news.factories import ArticleFactory, CategoryFactory
ArticleFactory(title={title!r}, category=CategoryFactory(name="Tin tức", slug="tin-tuc"))
"""

CHECK = """
import django; django.setup()
from django.test import Client
from accounts.models import User
public = Client().get("/").content.decode()
print("public:", "Bài trên bản sao" in public, "Bài trên máy chính" in public)
staff = User.objects.create_superuser("bt", password="mat-khau-rat-dai-123")
client = Client()
client.force_login(staff)
admin = client.get("/admin/news/article/").content.decode()
print("admin:", "Bài trên bản sao" in admin, "Bài trên máy chính" in admin)
"""


def test_replica_serves_public_reads_and_primary_the_rest(tmp_path):
    primary = f"sqlite:///{tmp_path / 'primary.sqlite3'}"
    replica = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    media = str(tmp_path / "media")
    run(SEED.format(title="Bài trên máy chính"), DATABASE_URL=primary, MEDIA_ROOT=media)
    run(SEED.format(title="Bài trên bản sao"), DATABASE_URL=replica, MEDIA_ROOT=media)
    out = run(
        CHECK,
        DATABASE_URL=primary,
        DATABASE_REPLICA_URL=replica,
        MEDIA_ROOT=media,
        PORTAL_VAR_DIR=str(tmp_path),
        # The superuser here logs in without a second factor.
        PORTAL_ADMIN_2FA_REQUIRED="0",
    )
    assert "public: True False" in out  # anonymous readers read the replica
    assert "admin: False True" in out  # the admin reads (and writes) the primary


def test_s3_media_storage_from_environment():
    out = run(
        "import django; django.setup()\n"
        "from django.core.files.storage import default_storage as s\n"
        "from django.conf import settings\n"
        "s.bucket_name  # resolve the lazy storage\n"
        "print(type(s._wrapped).__name__, s.bucket_name, s.endpoint_url, s.querystring_auth)\n"
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])\n",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="anh-thanh-uy",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_ACCESS_KEY_ID="k",
        AWS_SECRET_ACCESS_KEY="s",
    )
    assert "S3Storage anh-thanh-uy https://s3.example.vn False" in out
    assert "https://s3.example.vn" in out
