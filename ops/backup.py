"""Backup and restore of the whole portal: the database and every media file.

One archive, ``portal-YYYYmmdd-HHMMSS.tar.gz``, holds:

- ``database.sqlite3`` (a snapshot made with SQLite's online backup API) or
  ``database.pgdump`` (``pg_dump -Fc``), taken while the site keeps running;
- ``media/…``: every regular file under ``MEDIA_ROOT``;
- ``private/…``: every file under ``PORTAL_PRIVATE_ROOT`` (documents' files,
  which only the app serves); archives made before it existed have none;
- ``manifest.json``: when and from which database vendor it was made, the applied
  migrations, the row count of every model's table and the sha256 of the
  database file and of every media file.

The counts and migrations describe the same snapshot as the dump: on SQLite they
are read from the snapshot file, on PostgreSQL inside the transaction whose
snapshot ``pg_dump --snapshot`` uses.

Restore only goes into an empty database (no tables, or only empty tables) and
an empty ``MEDIA_ROOT``, so it can never overwrite live data. Everything is
checked (archive readable, vendor, members, sha256) before the target is touched;
the database is then restored in one transaction and the media files moved into
place last.

Errors are ``BackupError`` with a Vietnamese message; the ``backup`` and
``restore`` management commands turn them into ``CommandError``.
"""

import datetime as dt
import errno
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
PRIVATE_PREFIX = "private/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SUPPORTED_VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024
# portal-20261201-030000.tar.gz, or portal-20261201-030000-2.tar.gz for a second one that second.
ARCHIVE_NAME = re.compile(r"portal-(\d{8}-\d{6})(?:-\d+)?\.tar\.gz")
# libpq settings that may sit in DATABASES["default"]["OPTIONS"].
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    skipped: list = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    notes: list = field(default_factory=list)


# --- backup ---------------------------------------------------------------


def latest_backup(directory=None):
    """(path, local time it was made) of the newest archive in ``directory``
    (default ``settings.BACKUP_DIR``), or None when there is none.

    The time is the one in the archive's name (``portal-YYYYmmdd-HHMMSS``), which
    ``create_backup`` writes in local time; copying the file keeps it.
    """
    directory = Path(directory or settings.BACKUP_DIR)
    found = []
    try:
        names = [entry.name for entry in os.scandir(directory) if entry.is_file()]
    except OSError:
        return None
    for name in names:
        match = ARCHIVE_NAME.fullmatch(name)
        if match:
            try:
                made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            except ValueError:
                continue
            found.append((made, directory / name))
    if not found:
        return None
    made, path = max(found)
    return path, timezone.make_aware(made)


def create_backup(output_dir=None, *, using="default"):
    """Write one archive into ``output_dir`` (default ``settings.BACKUP_DIR``)."""
    connection = connections[using]
    vendor = _check_vendor(connection.vendor)
    output_dir = Path(output_dir or settings.BACKUP_DIR).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output_dir == media_root or media_root in output_dir.parents:
        # Everything under MEDIA_ROOT is served publicly at /media/.
        raise BackupError(
            f"Thư mục sao lưu “{output_dir}” nằm trong MEDIA_ROOT nên sẽ bị công khai "
            "qua /media/. Hãy chọn thư mục khác (--output-dir hoặc biến BACKUP_DIR)."
        )

    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            _os_message(exc, f"Không tạo được thư mục sao lưu “{output_dir}”")
        ) from exc

    created = timezone.localtime()
    part = work = None
    try:
        work = Path(tempfile.mkdtemp(prefix=".portal-backup-", dir=output_dir))
        fd, part_name = tempfile.mkstemp(prefix=".portal-", suffix=".tar.gz.part", dir=output_dir)
        os.close(fd)
        part = Path(part_name)

        db_member = DATABASE_MEMBERS[vendor]
        db_file = work / db_member
        if vendor == "sqlite":
            migrations, counts = _dump_sqlite(connection, db_file)
        else:
            migrations, counts = _dump_postgresql(connection, db_file)
        if not migrations:
            raise BackupError(
                "Cơ sở dữ liệu chưa có bảng django_migrations (chưa chạy migrate?). "
                "Kiểm tra DATABASE_URL trước khi sao lưu."
            )

        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "django": django.get_version(),
            "database": {
                "vendor": vendor,
                "member": db_member,
                "sha256": _sha256_file(db_file),
            },
            "migrations": migrations,
            "counts": counts,
            "media": {},
            "private": {},
        }
        private_root = Path(settings.PORTAL_PRIVATE_ROOT).resolve()
        with tarfile.open(part, "w:gz", compresslevel=6) as tar:
            _add_file(tar, db_file, db_member)
            skipped = _add_media(tar, media_root, manifest["media"])
            skipped += _add_media(tar, private_root, manifest["private"], PRIVATE_PREFIX)
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = _tarinfo(MANIFEST, len(data), created.timestamp())
            tar.addfile(info, io.BytesIO(data))
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())

        final = _free_name(output_dir, f"portal-{created:%Y%m%d-%H%M%S}")
        os.replace(part, final)
        part = None
        _fsync_dir(output_dir)
        return BackupResult(path=final, manifest=manifest, skipped=skipped)
    except OSError as exc:
        raise BackupError(_os_message(exc, f"Sao lưu thất bại khi ghi vào “{output_dir}”")) from exc
    finally:
        if part is not None:
            part.unlink(missing_ok=True)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def _dump_sqlite(connection, target):
    """Snapshot the live database with the online backup API (safe while it is written)."""
    try:
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as snapshot:
            connection.connection.backup(snapshot)
            # A self-contained file: no -wal/-shm beside it in the archive.
            snapshot.execute("PRAGMA journal_mode=DELETE")
            cursor = snapshot.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {row[0] for row in cursor.fetchall()}
            return _describe(cursor, tables)
    except (sqlite3.Error, DatabaseError) as exc:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu SQLite: {exc}") from exc


def _dump_postgresql(connection, target):
    """``pg_dump -Fc`` on the snapshot of a transaction that also reads the counts."""
    pg_dump = _program("pg_dump")
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = set(connection.introspection.table_names(cursor))
            migrations, counts = _describe(cursor, tables)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={_conninfo(connection)}",
                ],
                connection,
                "pg_dump",
            )
    except DatabaseError as exc:
        raise BackupError(f"Không đọc được cơ sở dữ liệu PostgreSQL: {exc}") from exc
    return migrations, counts


def _describe(cursor, tables):
    """Applied migrations and row count per model table, read through ``cursor``."""
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
            counts[model._meta.label_lower] = cursor.fetchone()[0]
    return migrations, dict(sorted(counts.items()))


def _add_media(tar, media_root, hashes, prefix=MEDIA_PREFIX):
    """Add every regular file under ``media_root``; return the paths skipped.

    Symbolic links and special files are skipped, and so is a file deleted while
    the walk runs (a rendition being regenerated): it cannot be referenced by the
    database snapshot, which was taken before.
    """
    skipped = []
    if not media_root.is_dir():
        return skipped
    for dirpath, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            relative = path.relative_to(media_root).as_posix()
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    hashes[relative] = _add_file(tar, path, prefix + relative)
                    continue
            except FileNotFoundError:
                pass
            skipped.append(relative)
    return skipped


def _add_file(tar, path, arcname):
    """Add ``path`` as ``arcname`` and return the sha256 of exactly the bytes archived."""
    with open(path, "rb") as fh:
        status = os.fstat(fh.fileno())
        info = _tarinfo(arcname, status.st_size, status.st_mtime)
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    return reader.hash.hexdigest()


def _tarinfo(name, size, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o644
    return info


def _free_name(directory, stem):
    path, n = directory / f"{stem}.tar.gz", 2
    while path.exists():
        path, n = directory / f"{stem}-{n}.tar.gz", n + 1
    return path


# --- restore --------------------------------------------------------------


def restore_backup(archive, *, using="default"):
    """Restore ``archive`` into the empty database ``using`` and an empty MEDIA_ROOT."""
    archive = Path(archive)
    connection = connections[using]
    vendor = _check_vendor(connection.vendor)
    media_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PORTAL_PRIVATE_ROOT)
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu “{archive}”.")

    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = _members(tar, archive)
            manifest = _read_manifest(tar, members, archive)
            db_member, media = _check_manifest(manifest, members, vendor, archive)
            private = manifest.get("private", {})
            _check_empty_database(connection)
            _check_empty_media(media_root)
            _check_empty_media(private_root, "tệp văn bản", "PORTAL_PRIVATE_ROOT")
            if vendor == "postgresql":
                _program("pg_restore")
            # Extract and verify everything before the target is touched.
            media_root.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".portal-restore-", dir=media_root.parent))
            try:
                db_file = staging / "database"
                _extract(tar, members[db_member], db_file, manifest["database"]["sha256"])
                for prefix, files in ((MEDIA_PREFIX, media), (PRIVATE_PREFIX, private)):
                    for relative, sha256 in files.items():
                        target = staging / prefix / relative
                        _extract(tar, members[prefix + relative], target, sha256)
                if vendor == "sqlite":
                    _restore_sqlite(connection, db_file)
                else:
                    _restore_postgresql(connection, db_file)
                _move_media(staging / MEDIA_PREFIX, media_root, media)
                _move_media(staging / PRIVATE_PREFIX, private_root, private)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise BackupError(_not_an_archive(archive, exc)) from exc
    except OSError as exc:
        raise BackupError(_os_message(exc, "Khôi phục thất bại")) from exc

    return RestoreResult(manifest=manifest, notes=_verify_restored(connection, manifest))


def _members(tar, archive):
    members = {}
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not member.isfile():
            raise BackupError(
                f"Tệp sao lưu “{archive}” chứa mục không hợp lệ “{member.name}”; "
                "không khôi phục từ tệp này."
            )
        if member.name in members:
            raise BackupError(f"Tệp sao lưu “{archive}” chứa mục “{member.name}” hai lần.")
        members[member.name] = member
    return members


def _read_manifest(tar, members, archive):
    if MANIFEST not in members:
        raise BackupError(f"Tệp “{archive}” không phải bản sao lưu của cổng: thiếu {MANIFEST}.")
    try:
        manifest = json.loads(tar.extractfile(members[MANIFEST]).read().decode())
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"{MANIFEST} trong “{archive}” bị hỏng: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{MANIFEST} trong “{archive}” có định dạng không được hỗ trợ (cần format {FORMAT})."
        )
    return manifest


def _check_manifest(manifest, members, vendor, archive):
    required = {"database": dict, "migrations": dict, "counts": dict, "media": dict}
    database = manifest.get("database")
    if (
        not isinstance(manifest.get("private", {}), dict)
        or any(not isinstance(manifest.get(key), kind) for key, kind in required.items())
        or any(not isinstance(database.get(key), str) for key in ("vendor", "member", "sha256"))
    ):
        raise BackupError(f"{MANIFEST} trong “{archive}” thiếu thông tin hoặc bị sửa sai.")
    db_member, archived_vendor, media = database["member"], database["vendor"], manifest["media"]
    if archived_vendor != vendor:
        raise BackupError(
            f"Bản sao lưu “{archive}” được tạo từ cơ sở dữ liệu "
            f"{SUPPORTED_VENDORS.get(archived_vendor, archived_vendor)}, không khôi phục được "
            f"vào cơ sở dữ liệu {SUPPORTED_VENDORS[vendor]} đang cấu hình (DATABASE_URL)."
        )
    if db_member != DATABASE_MEMBERS[vendor]:
        raise BackupError(f"{MANIFEST} trong “{archive}” ghi sai tên tệp cơ sở dữ liệu.")
    expected = {db_member, MANIFEST} | {MEDIA_PREFIX + name for name in media}
    expected |= {PRIVATE_PREFIX + name for name in manifest.get("private", {})}
    missing = sorted(expected - members.keys())
    extra = sorted(members.keys() - expected)
    if missing:
        raise BackupError(
            f"Bản sao lưu “{archive}” thiếu {len(missing)} tệp ghi trong manifest: "
            + ", ".join(missing[:5])
            + (" …" if len(missing) > 5 else "")
        )
    if extra:
        raise BackupError(
            f"Bản sao lưu “{archive}” có {len(extra)} tệp không ghi trong manifest: "
            + ", ".join(extra[:5])
            + (" …" if len(extra) > 5 else "")
        )
    return db_member, media


def _check_empty_database(connection):
    try:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            filled = []
            for table in tables:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    filled.append(table)
    except DatabaseError as exc:
        raise BackupError(f"Không mở được cơ sở dữ liệu đích: {exc}") from exc
    if filled:
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu (bảng "
            + ", ".join(filled[:5])
            + (" …" if len(filled) > 5 else "")
            + "). Lệnh restore chỉ khôi phục vào cơ sở dữ liệu trống để không ghi đè dữ liệu "
            "đang có: hãy tạo một cơ sở dữ liệu mới (chưa chạy migrate) và trỏ DATABASE_URL "
            "vào đó."
        )


def _check_empty_media(media_root, label="media", setting="MEDIA_ROOT"):
    if media_root.is_dir() and any(p for p in media_root.rglob("*") if not p.is_dir()):
        raise BackupError(
            f"Thư mục {label} “{media_root}” đã có tệp. Lệnh restore chỉ khôi phục vào thư mục "
            f"{label} trống: hãy chuyển các tệp hiện có đi nơi khác hoặc đặt {setting} mới."
        )


def _extract(tar, member, target, sha256):
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tar.extractfile(member) as src, open(target, "wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
    if digest.hexdigest() != sha256:
        raise BackupError(
            f"Tệp “{member.name}” trong bản sao lưu bị hỏng hoặc đã bị sửa "
            "(sha256 không khớp với manifest). Không khôi phục gì."
        )


def _restore_sqlite(connection, db_file):
    try:
        connection.ensure_connection()
        with closing(sqlite3.connect(db_file)) as source:
            source.backup(connection.connection)
    except (sqlite3.Error, DatabaseError) as exc:
        raise BackupError(f"Không khôi phục được cơ sở dữ liệu SQLite: {exc}") from exc


def _restore_postgresql(connection, db_file):
    with connection.cursor() as cursor:
        has_tables = bool(connection.introspection.table_names(cursor))
    # Empty tables left by an earlier attempt are dropped and re-created.
    clean = ["--clean", "--if-exists"] if has_tables else []
    _run(
        [
            _program("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            *clean,
            f"--dbname={_conninfo(connection)}",
            str(db_file),
        ],
        connection,
        "pg_restore",
    )


def _move_media(staged, media_root, media):
    for relative in media:
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / relative, target)


def _verify_restored(connection, manifest):
    """Compare the restored database with the manifest; return notes for the operator."""
    try:
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
            _, counts = _describe(cursor, tables)
    except DatabaseError as exc:
        raise BackupError(f"Không đọc được cơ sở dữ liệu vừa khôi phục: {exc}") from exc
    wrong = [
        f"{label}: {counts.get(label)} thay vì {expected}"
        for label, expected in manifest["counts"].items()
        if label in counts and counts[label] != expected
    ]
    if wrong:
        raise BackupError(
            "Số bản ghi sau khi khôi phục không khớp với manifest: " + "; ".join(wrong)
        )

    notes = []
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    pending = on_disk - archived
    # Migrations of apps no longer installed do not matter.
    unknown = {key for key in archived if key[0] in {app for app, _ in on_disk}} - on_disk
    if pending:
        notes.append(
            f"Mã nguồn có {len(pending)} migration mới hơn bản sao lưu: "
            "hãy chạy “manage.py migrate”."
        )
    if unknown:
        notes.append(
            "Bản sao lưu có migration mà mã nguồn hiện tại không có: mã nguồn cũ hơn dữ liệu, "
            "hãy triển khai đúng phiên bản mã trước khi chạy trang."
        )
    return notes


# --- helpers --------------------------------------------------------------


def _check_vendor(vendor):
    if vendor not in SUPPORTED_VENDORS:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại “{vendor}”.")
    return vendor


def _program(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"Không tìm thấy chương trình {name}. Hãy cài gói postgresql-client "
            "(cùng phiên bản chính với máy chủ PostgreSQL) rồi chạy lại."
        )
    return path


def _conninfo(connection):
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dbname=connection.settings_dict["NAME"])


def _run(command, connection, name):
    """Run a PostgreSQL client with the connection settings passed through PG* variables."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if params.get(key):
            env[var] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    for option, var in LIBPQ_OPTIONS.items():
        if params.get("OPTIONS", {}).get(option):
            env[var] = str(params["OPTIONS"][option])
    try:
        result = subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603
    except OSError as exc:
        raise BackupError(_os_message(exc, f"Không chạy được {name}")) from exc
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip() or "không có thông báo lỗi"
        raise BackupError(f"{name} thất bại (mã thoát {result.returncode}): {detail}")


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_message(exc, prefix):
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "hết dung lượng đĩa"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "không có quyền ghi"
    else:
        reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{prefix}: {reason}{where}."


def _not_an_archive(archive, exc):
    return (
        f"Tệp “{archive}” không phải bản sao lưu hợp lệ hoặc đã bị hỏng "
        f"(không đọc được dạng .tar.gz: {exc})."
    )


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.hash.update(data)
        return data
