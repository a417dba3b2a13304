"""`manage.py backup` and `manage.py restore`: a round trip loses nothing, bad input is refused.

The pytest database cannot be the source or the target (it is in memory on
SQLite, and never empty), so the commands run in subprocesses against scratch
databases of the vendor the suite runs on: temporary SQLite files, or two
throwaway PostgreSQL databases that are dropped at the end.
"""

import errno
import hashlib
import io
import json
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import unicodedata
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
VENDOR = connection.vendor

LOAD = """
import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.models import SiteSettings
from news.models import Article, ArticleDailyViews
from tests.accounts.factories import UserFactory
from tests.images.factories import ImageFactory
from tests.news.factories import ArticleFactory, CategoryFactory

now = timezone.now()
editor = UserFactory(username="bientap", display_name="Thanh Huệ", is_superuser=True)
reporter = UserFactory(username="phongvien", display_name="Nguyễn Văn Đức")
reporter.set_password("một-mật-khẩu-rất-dài-2019")
reporter.save()
news = CategoryFactory(name="Tin tức – Sự kiện", slug="tin-tuc-su-kien")
party = CategoryFactory(name="Xây dựng Đảng", parent=news, description="Công tác xây dựng Đảng")
cover = ImageFactory(title="Hội nghị sơ kết", credit="Minh Tuấn", uploaded_by=editor)
inline = ImageFactory(title="Đồng chí Bí thư phát biểu", caption="Ảnh: Ban Tuyên giáo")
article = ArticleFactory(
    title="Thành ủy Lạng Sơn sơ kết công tác Dân vận 9 tháng đầu năm 2019",
    lead="Ngày 09/10, Thành ủy Lạng Sơn tổ chức hội nghị sơ kết công tác dân vận.",
    body=f'<p>Đồng chí Bí thư Thành ủy phát biểu.</p><img src="{inline.file.url}" alt="Bí thư">',
    category=party,
    cover_image=cover,
    cover_caption="Quang cảnh hội nghị",
    author=reporter,
    source="Báo Lạng Sơn",
    featured=True,
)
ArticleFactory(
    title="Bản nháp: hướng dẫn học tập Nghị quyết Đại hội Đảng bộ",
    category=news,
    status=Article.Status.DRAFT,
    published_at=None,
    author=editor,
)
ArticleFactory(
    title="Hẹn giờ: Kỷ niệm 90 năm Ngày truyền thống công tác Dân vận của Đảng",
    category=party,
    published_at=now + dt.timedelta(days=3),
)
ArticleFactory(
    title="Đã xóa: thông báo lịch tiếp công dân",
    category=news,
    deleted_at=now,
    deleted_by=editor,
)
ArticleDailyViews.objects.create(article=article, date=now.date(), count=42)
SiteSettings.load()
default_storage.save("tai-lieu/Báo cáo chính trị.pdf", ContentFile(b"%PDF-1.4 bao cao"))
from tests.documents.factories import DocumentFactory, attach_pdf
resolution = DocumentFactory(number_symbol="15-NQ/TU", summary="về công tác dân vận")
attach_pdf(resolution, text="Nghi quyet ve cong tac dan van", name="Nghị quyết 15.pdf")
"""

STATE = """
import hashlib
import json
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from images.models import Image

rows = {}
for model in apps.get_models(include_auto_created=True):
    fields = [f.attname for f in model._meta.concrete_fields]
    rows[model._meta.label_lower] = list(model._base_manager.order_by("pk").values(*fields))
media_root = Path(settings.MEDIA_ROOT)
media = {
    path.relative_to(media_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
    for path in media_root.rglob("*")
    if path.is_file()
}
private_root = Path(settings.PORTAL_PRIVATE_ROOT)
private = {
    path.relative_to(private_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
    for path in private_root.rglob("*")
    if path.is_file()
}
images = {}
for image in Image.objects.order_by("pk"):
    with image.file.open("rb") as fh:
        images[image.pk] = hashlib.sha256(fh.read()).hexdigest()
state = {"rows": rows, "media": media, "private": private, "images": images}
Path(os.environ["STATE_FILE"]).write_text(json.dumps(state, cls=DjangoJSONEncoder))
"""

DISK_FULL = f"""
import ops.backup
from django.core.management import call_command

def disk_full(*args, **kwargs):
    raise OSError({errno.ENOSPC}, "No space left on device")

ops.backup._add_media = disk_full
call_command("backup")
"""


class ScratchDatabases:
    """Empty databases of the suite's vendor: SQLite files, or PostgreSQL databases."""

    def __init__(self, tmp_path_factory):
        self.tmp_path_factory = tmp_path_factory
        self.created = []

    def new(self, role):
        if VENDOR == "sqlite":
            path = self.tmp_path_factory.mktemp(f"db-{role}") / "portal.sqlite3"
            return f"sqlite:///{path}"
        name = f"portal_backup_{role}_{secrets.token_hex(4)}"
        with self._server() as server:
            server.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        params = settings.DATABASES["default"]
        auth = quote(params["USER"] or "", safe="")
        if params["PASSWORD"]:
            auth += ":" + quote(params["PASSWORD"], safe="")
        return f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"

    def drop_all(self):
        if not self.created:
            return
        with self._server() as server:
            for name in self.created:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _server(self):
        import psycopg

        params = settings.DATABASES["default"]
        return psycopg.connect(
            host=params["HOST"],
            port=params["PORT"] or 5432,
            user=params["USER"],
            password=params["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )


def portal_env(database_url, place, **extra):
    place.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "DATABASE_POOL": "0",
        "MEDIA_ROOT": str(place / "media"),
        "PORTAL_VAR_DIR": str(place / "var"),
        "BACKUP_DIR": str(place / "backups"),
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


def manage(*args, env, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr}"
    return result


def read_state(env):
    state_file = Path(env["PORTAL_VAR_DIR"]) / f"state-{secrets.token_hex(4)}.json"
    manage("shell", "-c", STATE, env={**env, "STATE_FILE": str(state_file)})
    return json.loads(state_file.read_text())


def rewrite_archive(source, target, replace):
    """Copy the archive ``source`` to ``target``, with ``replace`` {member name: new bytes}."""
    with tarfile.open(source, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name in replace:
                data = replace[member.name](data)
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return target


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class Source:
    env: dict
    archive: Path
    state: dict


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    databases = ScratchDatabases(tmp_path_factory)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="module")
def source(scratch, tmp_path_factory):
    """A migrated database with Vietnamese content and photos, and its backup."""
    place = tmp_path_factory.mktemp("source")
    env = portal_env(scratch.new("src"), place)
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", LOAD, env=env)
    state = read_state(env)
    out = place / "out"
    result = manage("backup", "--output-dir", str(out), env=env)
    (archive,) = out.iterdir()
    assert "4 bài viết" in result.stdout
    return Source(env=env, archive=archive, state=state)


@pytest.fixture
def target(scratch, tmp_path):
    """An empty database (no tables) and an empty MEDIA_ROOT to restore into."""
    return portal_env(scratch.new("dst"), tmp_path / "target")


def table_names(database_url):
    if VENDOR == "sqlite":
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        query = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        return [row[0] for row in db.execute(query)]


def assert_untouched(env):
    """Nothing was restored: the database has no tables and MEDIA_ROOT has no files."""
    assert table_names(env["DATABASE_URL"]) == []
    media_root = Path(env["MEDIA_ROOT"])
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_backup_writes_one_private_timestamped_archive_with_a_manifest(source):
    assert re.fullmatch(r"portal-\d{8}-\d{6}\.tar\.gz", source.archive.name)
    assert source.archive.stat().st_mode & 0o077 == 0
    assert list(source.archive.parent.iterdir()) == [source.archive]

    manifest = read_manifest(source.archive)
    assert manifest["database"]["vendor"] == VENDOR
    assert manifest["counts"]["news.article"] == 4
    assert manifest["counts"]["accounts.user"] == 2
    assert manifest["counts"]["images.image"] == 2
    assert "0001_initial" in manifest["migrations"]["news"]
    assert manifest["media"] == source.state["media"]
    assert "tai-lieu/Báo cáo chính trị.pdf" in manifest["media"]
    # Documents' files, which live outside MEDIA_ROOT, are in it too.
    assert manifest["private"] == source.state["private"] and len(manifest["private"]) == 1
    assert manifest["counts"]["documents.attachment"] == 1


def test_round_trip_restores_every_row_and_every_file(source, target):
    result = manage("restore", str(source.archive), env=target)

    assert "Đã khôi phục" in result.stdout
    restored = read_state(target)
    # Every row of every model, field by field, and every media file by sha256.
    assert restored == source.state

    articles = {a["title"]: a for a in restored["rows"]["news.article"]}
    title = "Thành ủy Lạng Sơn sơ kết công tác Dân vận 9 tháng đầu năm 2019"
    assert unicodedata.is_normalized("NFC", title)
    assert articles[title]["lead"].startswith("Ngày 09/10, Thành ủy Lạng Sơn")
    assert (
        articles[title]["slug"] == "thanh-uy-lang-son-so-ket-cong-tac-dan-van-9-thang-dau-nam-2019"
    )
    users = {u["username"]: u for u in restored["rows"]["accounts.user"]}
    assert users["phongvien"]["display_name"] == "Nguyễn Văn Đức"
    assert users["phongvien"]["password"].startswith("pbkdf2_sha256$")
    assert users["phongvien"]["password"] == next(
        u["password"] for u in source.state["rows"]["accounts.user"] if u["username"] == "phongvien"
    )
    media_root = Path(target["MEDIA_ROOT"])
    for image in restored["rows"]["images.image"]:
        assert sha256(media_root / image["file"]) == source.state["images"][str(image["id"])]


def test_restored_portal_accepts_new_content(source, target):
    """Sequences come back too: the next article does not collide with a restored id."""
    manage("restore", str(source.archive), env=target)
    script = (
        "from tests.news.factories import ArticleFactory; "
        "print(ArticleFactory(title='Bài mới sau khi khôi phục').pk)"
    )
    new_pk = int(manage("shell", "-c", script, env=target).stdout.split()[-1])
    assert new_pk > max(a["id"] for a in source.state["rows"]["news.article"])


def test_restore_refuses_a_database_that_has_data(source):
    result = manage("restore", str(source.archive), env=source.env, check=False)

    assert result.returncode != 0
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in result.stderr
    assert read_state(source.env) == source.state


def test_restore_refuses_a_media_root_that_has_files(source, target):
    media_root = Path(target["MEDIA_ROOT"])
    media_root.mkdir(parents=True)
    (media_root / "anh-cu.jpg").write_bytes(b"old")

    result = manage("restore", str(source.archive), env=target, check=False)

    assert result.returncode != 0
    assert "Thư mục media" in result.stderr
    assert "đã có tệp" in result.stderr
    assert (media_root / "anh-cu.jpg").read_bytes() == b"old"


def test_restore_rejects_a_missing_archive(target, tmp_path):
    result = manage("restore", str(tmp_path / "khong-co.tar.gz"), env=target, check=False)

    assert result.returncode != 0
    assert "Không tìm thấy tệp sao lưu" in result.stderr
    assert_untouched(target)


@pytest.mark.parametrize("damage", ["not-a-tar", "truncated"])
def test_restore_rejects_a_corrupt_archive(source, target, tmp_path, damage):
    broken = tmp_path / "portal-hong.tar.gz"
    if damage == "not-a-tar":
        broken.write_text("Đây không phải bản sao lưu.\n")
    else:
        data = source.archive.read_bytes()
        broken.write_bytes(data[: len(data) // 2])

    result = manage("restore", str(broken), env=target, check=False)

    assert result.returncode != 0
    assert "không phải bản sao lưu hợp lệ hoặc đã bị hỏng" in result.stderr
    assert "Traceback" not in result.stderr
    assert_untouched(target)


def test_restore_rejects_a_tampered_media_file(source, target, tmp_path):
    photo = next(name for name in read_manifest(source.archive)["media"] if name.endswith(".jpg"))
    tampered = rewrite_archive(
        source.archive, tmp_path / "portal-sua.tar.gz", {f"media/{photo}": lambda b: b + b"x"}
    )

    result = manage("restore", str(tampered), env=target, check=False)

    assert result.returncode != 0
    assert f"media/{photo}" in result.stderr
    assert "sha256 không khớp" in result.stderr
    assert_untouched(target)


def test_restore_rejects_an_archive_missing_a_media_file(source, target, tmp_path):
    photo = next(iter(read_manifest(source.archive)["media"]))
    incomplete = tmp_path / "portal-thieu.tar.gz"
    with tarfile.open(source.archive, "r:gz") as src, tarfile.open(incomplete, "w:gz") as dst:
        for member in src.getmembers():
            if member.name != f"media/{photo}":
                dst.addfile(member, src.extractfile(member))

    result = manage("restore", str(incomplete), env=target, check=False)

    assert result.returncode != 0
    assert "thiếu 1 tệp" in result.stderr
    assert_untouched(target)


def test_restore_rejects_a_backup_of_another_database_vendor(source, target, tmp_path):
    other = "postgresql" if VENDOR == "sqlite" else "sqlite"

    def change_vendor(data):
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        return json.dumps(manifest).encode()

    foreign = rewrite_archive(
        source.archive, tmp_path / "portal-khac.tar.gz", {"manifest.json": change_vendor}
    )

    result = manage("restore", str(foreign), env=target, check=False)

    assert result.returncode != 0
    assert "không khôi phục được vào cơ sở dữ liệu" in result.stderr
    assert_untouched(target)


def test_failed_backup_leaves_no_archive_behind(source):
    backups = Path(source.env["BACKUP_DIR"])

    result = manage("shell", "-c", DISK_FULL, env=source.env, check=False)

    assert result.returncode != 0
    assert "hết dung lượng đĩa" in result.stderr
    assert not backups.exists() or list(backups.iterdir()) == []


@pytest.mark.skipif(VENDOR != "postgresql", reason="pg_dump is used on PostgreSQL only")
def test_backup_without_pg_dump_says_so(source):
    result = manage("backup", env={**source.env, "PATH": "/nonexistent"}, check=False)

    assert result.returncode != 0
    assert "Không tìm thấy chương trình pg_dump" in result.stderr
    backups = Path(source.env["BACKUP_DIR"])
    assert not backups.exists() or list(backups.iterdir()) == []
