"""The parts of the upgrade check (.ci/upgrade.py) that run inside a release.

Run from the root of a checkout, with that checkout's own venv, database and
media in the environment:

    .venv/bin/python PATH/TO/upgrade_probe.py seed SEED.json        # old release
    .venv/bin/python PATH/TO/upgrade_probe.py snapshot BEFORE.json  # old release
    .venv/bin/python PATH/TO/upgrade_probe.py check BEFORE.json SEED.json  # new release

``seed`` writes, with the old code and mostly through its admin, what
``load_demo`` does not: a user in each role, revisions, audit entries, an
uploaded photo, a trashed article, read counts, a second factor. ``snapshot``
reads every row of every model's table, the row count of every table, the
roles' permissions, what audit entries and versions point at, search results
and the media files. It runs on both releases, so it takes models from the app
registry and keys them by table, which the moved models kept. ``check`` takes
a snapshot with the new code, compares it with the old one, then uses the
upgraded site (files, public and admin pages, search). Every loss is printed,
named, and makes it exit 1.
"""

import datetime as dt
import decimal
import hashlib
import importlib
import json
import os
import sys
import uuid
from pathlib import Path

# Models that moved app in 2e76bb3 (content type "app.model" before → after).
MOVED = {
    "news.image": "images.image",
    "news.rendition": "images.rendition",
    "news.sitesettings": "core.sitesettings",
}

# Permissions a role lost on purpose since 7d1c5f9, and why. Anything else a
# role held before must still be held (under its model's new app label).
INTENDED_REMOVALS = {
    # accounts/migrations/0003 (53da6a2): only superusers add, change or delete
    # groups; whoever may edit a group may give their own every permission.
    "Quản trị": {"auth.group:add_group", "auth.group:change_group", "auth.group:delete_group"},
}

# /van-ban/ became the document library (documents app, 43a638b):
# news/migrations/0008 moves a section at that address aside, keeping its row
# and its articles. These are the only changes it may make to that row.
VAN_BAN_MOVED_ASIDE = {"slug": "tin-van-ban", "name": "Tin văn bản", "show_in_menu": False}

# What readers of the report call the tables they care about most.
NAMES = {
    "news_article": "articles",
    "news_category": "categories",
    "news_image": "photos",
    "news_rendition": "renditions",
    "news_sitesettings": "site settings",
    "reversion_revision": "revisions",
    "reversion_version": "versions",
    "accounts_user": "users",
    "accounts_user_groups": "users' roles",
    "auth_group": "groups",
    "django_admin_log": "audit log entries",
    "django_content_type": "content types",
    "auth_permission": "permissions",
}

# Tables whose rows are compared by meaning rather than one by one:
# the roles are re-synced after every migrate (checked as "roles" below).
NOT_ROW_BY_ROW = {"auth_group_permissions"}

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
# Searches whose results must not shrink, besides the start of every published title.
SEARCHES = ["Đảng uỷ", "Đảng ủy", "dang uy", "dân vận", "DAN VAN", '"xây dựng Đảng"', "lang son"]

SEED_USERS = {
    "Phóng viên": ("upg_phongvien", "Phóng viên Nâng Cấp"),
    "Biên tập viên": ("upg_bientap", "Biên tập viên Nâng Cấp"),
    "Quản trị": ("upg_quantri", "Quản trị Nâng Cấp"),
}


def setup():
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def jsonable(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


def label(content_type):
    return f"{content_type.app_label}.{content_type.model}"


# --------------------------------------------------------------------------- seed


def form_data(form):
    """What a browser would post back for an admin form left as it is."""
    from django import forms
    from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

    data = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        value = bound.value()
        name = bound.html_name
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{name}_{index}"] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value) if not isinstance(value, str) else value
    return data


def admin_post(client, url, changes, files=None):
    """Open an admin form, change some fields, save it; fail loudly if it doesn't."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"seed: GET {url} answered {response.status_code}")
    data = form_data(response.context["adminform"].form)
    data.update(changes)
    data.update(files or {})
    response = client.post(url, data)
    if response.status_code != 302:
        errors = response.context["adminform"].form.errors if response.context else ""
        raise SystemExit(f"seed: POST {url} answered {response.status_code}: {errors}")
    return response


def seed(out):
    setup()
    import reversion
    from django.apps import apps
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from news.demo import make_photo  # the old release's demo photo maker

    setup_test_environment()  # responses carry their context, for form_data()
    Article = apps.get_model("news", "Article")
    Category = apps.get_model("news", "Category")
    Image = apps.get_model("news", "Image")
    SiteSettings = apps.get_model("news", "SiteSettings")
    User = get_user_model()

    users = {}
    for role, (username, display_name) in SEED_USERS.items():
        user = User.objects.create_user(
            username, f"{username}@example.invalid", display_name=display_name, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    contributor, editor, admin = (clients[r] for r in SEED_USERS)

    imported = Article.objects.order_by("pk").last()  # import_articles ran just before
    category = Category.objects.get(slug="tin-tuc-su-kien")

    # A contributor writes a draft and uploads a photo (revision, log entries, renditions).
    title = "Bài kiểm tra nâng cấp: hội nghị sơ kết công tác dân vận"
    admin_post(
        contributor,
        "/admin/news/article/add/",
        {
            "title": title,
            "lead": "Sáng nay, Thành ủy tổ chức hội nghị sơ kết công tác dân vận.",
            "body": "<p>Hội nghị đánh giá kết quả công tác dân vận chín tháng đầu năm.</p>",
            "category": str(category.pk),
            "status": "draft",
            "byline": "Phóng viên Nâng Cấp",
        },
    )
    article = Article.objects.get(title=title)
    upload = SimpleUploadedFile("hoi-nghi.jpg", make_photo(4242), content_type="image/jpeg")
    admin_post(
        contributor,
        "/admin/news/image/add/",
        {"title": "Hội nghị sơ kết", "alt_text": "Toàn cảnh hội nghị", "credit": "Nâng Cấp"},
        files={"file": upload},
    )
    photo = Image.objects.get(title="Hội nghị sơ kết")

    # An editor edits it, gives it the photo and publishes it; recaptions the photo;
    # moves a demo article to the trash.
    admin_post(
        editor,
        f"/admin/news/article/{article.pk}/change/",
        {
            "lead": "Sáng 15/10, Thành ủy tổ chức hội nghị sơ kết công tác dân vận.",
            "cover_image": str(photo.pk),
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    admin_post(
        editor,
        f"/admin/news/image/{photo.pk}/change/",
        {"caption": "Quang cảnh hội nghị sơ kết công tác dân vận."},
    )
    trashed = (
        Article.objects.filter(status="published", deleted_at__isnull=True)
        .exclude(pk__in=[article.pk, imported.pk])
        .order_by("pk")
        .first()
    )
    response = editor.post(f"/admin/news/article/{trashed.pk}/delete/", {"post": "yes"})
    if response.status_code != 302:
        raise SystemExit(f"seed: deleting article {trashed.pk} answered {response.status_code}")

    # The admin changes the site information, a category and a user.
    SiteSettings.load()
    admin_post(admin, "/admin/news/sitesettings/1/change/", {"phone": "0205 3999 999"})
    admin_post(
        admin,
        f"/admin/news/category/{category.pk}/change/",
        {"description": "Sự kiện chính trị, hội nghị của Đảng bộ thành phố (đã sửa)."},
    )
    contributor_user = users["Phóng viên"]
    admin_post(
        admin,
        f"/admin/accounts/user/{contributor_user.pk}/change/",
        {"first_name": "Mai", "last_name": "Hoàng"},
    )

    # Three readers from three networks read the imported article ("Đọc nhiều").
    for number in range(3):
        reader = Client(REMOTE_ADDR=f"203.0.{113 + number}.7", HTTP_USER_AGENT=BROWSER)
        response = reader.post(f"/doc/{imported.pk}/")
        if response.status_code != 204:
            raise SystemExit(f"seed: the read beacon answered {response.status_code}")

    # The admin role's second factor.
    TOTPDevice.objects.create(user=users["Quản trị"], name="Điện thoại", confirmed=True)

    # Every public address of the old release, to follow after the upgrade: links
    # to them live on in Zalo groups and on other sites.
    published = Article.objects.published().exclude(pk=trashed.pk).select_related("category")
    old_urls = {
        "articles": {str(a.pk): a.get_absolute_url() for a in published},
        "categories": [c.get_absolute_url() for c in Category.objects.order_by("pk")],
    }

    # As a script would: a revision and an audit entry for the imported article.
    with reversion.create_revision():
        reversion.set_user(users["Biên tập viên"])
        reversion.set_comment("Nhập từ cổng cũ")
        reversion.add_to_revision(imported)
    LogEntry.objects.log_actions(
        user_id=users["Biên tập viên"].pk,
        queryset=[imported],
        action_flag=CHANGE,
        change_message="Nhập từ cổng cũ",
        single_object=True,
    )

    Path(out).write_text(
        json.dumps(
            {
                "imported": {"id": imported.pk, "title": imported.title},
                "admin_article": article.pk,
                "uploaded_photo": photo.pk,
                "trashed_article": trashed.pk,
                "users": {role: user.pk for role, user in users.items()},
                "old_urls": old_urls,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


# --------------------------------------------------------------------------- snapshot


def snapshot():
    """Everything an upgrade must keep, read the same way by both releases."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group
    from django.db import connection
    from reversion.models import Version

    tables = set(connection.introspection.table_names())
    rows, models = {}, {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table not in tables:
            continue
        names = [field.attname for field in opts.concrete_fields]
        pk_index = names.index(opts.pk.attname)
        table_rows = {}
        for values in model._base_manager.order_by("pk").values_list(*names):
            table_rows[str(values[pk_index])] = {
                name: jsonable(value) for name, value in zip(names, values, strict=True)
            }
        rows[opts.db_table] = table_rows
        models[opts.db_table] = opts.label_lower

    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]

    roles = {
        group.name: sorted(
            f"{label(p.content_type)}:{p.codename}"
            for p in group.permissions.select_related("content_type")
        )
        for group in Group.objects.all()
    }

    log_entries = {}
    for entry in LogEntry.objects.select_related("content_type").order_by("pk"):
        try:
            resolves = entry.content_type_id is not None and entry.get_edited_object() is not None
        except Exception:
            resolves = False
        log_entries[str(entry.pk)] = {
            "content_type": label(entry.content_type) if entry.content_type_id else None,
            "object_id": entry.object_id,
            "resolves": resolves,
        }

    versions = {}
    for version in Version.objects.select_related("content_type").order_by("pk"):
        try:
            loads = bool(version.field_dict)
        except Exception:
            loads = False
        versions[str(version.pk)] = {
            "content_type": label(version.content_type),
            "object_id": version.object_id,
            "revision": version.revision_id,
            "loads": loads,
        }

    # The index as each release reads it: SQLite FTS5, or PostgreSQL's columns and trigger.
    Article = apps.get_model("news", "Article")
    published = Article.objects.published()
    titles = published.order_by("pk").values_list("title", flat=True)
    queries = SEARCHES + [" ".join(title.split()[:3]) for title in titles]
    search = {query: sorted(a.pk for a in published.search(query)) for query in queries}

    media_root = Path(settings.MEDIA_ROOT)
    media = {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    return {
        "rows": rows,
        "models": models,
        "counts": counts,
        "roles": roles,
        "log_entries": log_entries,
        "versions": versions,
        "search": search,
        "media": media,
    }


def write_snapshot(out):
    setup()
    Path(out).write_text(json.dumps(snapshot(), ensure_ascii=False))


# --------------------------------------------------------------------------- check


def preview(ids, limit=12):
    ids = sorted(ids, key=lambda i: (len(str(i)), str(i)))
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f" … ({len(ids)} in all)" if len(ids) > limit else "")


def moved(content_type_label):
    return MOVED.get(content_type_label, content_type_label)


def site_settings_renamed(row):
    """The old settings row as core/0002 leaves it (the migration's own rule)."""
    migration = importlib.import_module(
        "core.migrations.0002_site_settings_name_the_provincial_committee"
    )
    return migration.renamed(row)


def expected_row(table, row):
    """An old row as the new code must show it."""
    if table == "django_content_type":
        app_label, _, model = moved(f"{row['app_label']}.{row['model']}").partition(".")
        return {**row, "app_label": app_label, "model": model}
    if table == "auth_permission":
        # Every migrate names permissions in Vietnamese (accounts/permissions.py).
        return {key: value for key, value in row.items() if key != "name"}
    if table == "news_category" and row.get("slug") == "van-ban":
        return {**row, **VAN_BAN_MOVED_ASIDE}
    if table == "news_sitesettings":
        # core/0002 names the Tỉnh ủy in the fields that still held the old
        # Thành ủy defaults (an edited field is kept): only those may change.
        return site_settings_renamed(row)
    return row


def compare_rows(before, after, problems):
    for table, old_rows in before["rows"].items():
        if table in NOT_ROW_BY_ROW:
            continue
        name = f"{NAMES[table]} ({table})" if table in NAMES else table
        new_rows = after["rows"].get(table)
        if new_rows is None:
            problems.append(
                f"{name}: no model of the new code reads this table any more "
                f"({len(old_rows)} rows unreachable)"
            )
            continue
        lost = set(old_rows) - set(new_rows)
        if lost:
            problems.append(
                f"{name}: {len(lost)} of {len(old_rows)} rows lost, ids {preview(lost)}"
            )
        changed = {}
        for pk in set(old_rows) & set(new_rows):
            new_row = new_rows[pk]
            for field, value in expected_row(table, old_rows[pk]).items():
                if field not in new_row:
                    changed.setdefault(f"{field} (no longer a field)", []).append(pk)
                elif new_row[field] != value:
                    changed.setdefault(field, []).append(pk)
        for field, ids in sorted(changed.items()):
            problems.append(f"{name}: {field} changed in {len(ids)} rows, ids {preview(ids)}")

    for table, count in before["counts"].items():
        if table in NOT_ROW_BY_ROW:
            continue
        if table not in after["counts"]:
            problems.append(f"table {table} is gone ({count} rows)")
        elif after["counts"][table] < count:
            problems.append(f"table {table}: {count} rows before, {after['counts'][table]} after")

    # No content type left behind at a moved model's old address.
    present = {
        f"{r['app_label']}.{r['model']}" for r in after["rows"]["django_content_type"].values()
    }
    for old, new in MOVED.items():
        if old in present:
            problems.append(f"content type {old} still exists beside {new} (stale)")


def compare_references(before, after, problems):
    """Audit entries and versions point at the same objects, under the new labels."""
    for kind, key, works in (
        ("audit log entry", "log_entries", "resolves"),
        ("version", "versions", "loads"),
    ):
        for pk, old in before[key].items():
            new = after[key].get(pk)
            if new is None:
                continue  # reported as a lost row
            if old["content_type"] is not None and new["content_type"] != moved(
                old["content_type"]
            ):
                problems.append(
                    f"{kind} {pk} ({old['content_type']} #{old['object_id']}) now points to "
                    f"{new['content_type']}, not {moved(old['content_type'])}"
                )
            if old[works] and not new[works]:
                what = "its object" if kind == "audit log entry" else "its stored fields"
                problems.append(
                    f"{kind} {pk} ({new['content_type']} #{old['object_id']}): the new code "
                    f"cannot read {what}"
                )


def compare_roles(before, after, problems):
    for role, old_perms in before["roles"].items():
        new_perms = set(after["roles"].get(role, []))
        if role not in after["roles"]:
            problems.append(f"role (group) {role} is gone")
            continue
        kept = set()
        for perm in old_perms:
            content_type, _, codename = perm.partition(":")
            kept.add(f"{moved(content_type)}:{codename}")
        lost = kept - new_perms - INTENDED_REMOVALS.get(role, set())
        if lost:
            problems.append(f"role {role} lost permissions: {', '.join(sorted(lost))}")


def compare_search(before, after, problems):
    for query, old_ids in before["search"].items():
        lost = set(old_ids) - set(after["search"].get(query, []))
        if lost:
            problems.append(f"search {query!r} no longer finds articles {preview(lost)}")


def check_media(before, after, problems):
    from django.apps import apps
    from PIL import Image as PILImage

    for path, digest in before["media"].items():
        if path not in after["media"]:
            problems.append(f"media file lost: {path}")
        elif after["media"][path] != digest:
            problems.append(f"media file changed: {path}")
    Image = apps.get_model("images", "Image")
    Rendition = apps.get_model("images", "Rendition")
    for image in Image.objects.order_by("pk"):
        try:
            with image.file.open("rb") as handle, PILImage.open(handle) as picture:
                picture.verify()
        except Exception as exc:
            problems.append(f"photo {image.pk} ({image.file.name}) does not open: {exc}")
    for rendition in Rendition.objects.order_by("pk"):
        if not rendition.file.storage.exists(rendition.file.name):
            problems.append(f"rendition {rendition.pk}: file {rendition.file.name} is missing")


def check_site(seed_info, problems):
    from django.apps import apps
    from django.test import Client

    from core.text import fold

    Article = apps.get_model("news", "Article")
    Category = apps.get_model("news", "Category")
    imported_id, title = seed_info["imported"]["id"], seed_info["imported"]["title"]
    imported = Article.objects.filter(pk=imported_id).first()
    if imported is None:
        problems.append(f"the imported article {imported_id} ({title}) is gone")
        return 0
    if imported.title != title:
        problems.append(f"the imported article's title is now {imported.title!r}, was {title!r}")

    queries = [title, fold(title)]
    for query in queries:
        found = {article.pk for article in Article.objects.published().search(query)}
        if imported_id not in found:
            problems.append(
                f"search for {query!r} does not find the imported article {imported_id}"
            )

    client = Client()
    urls = ["/", "/rss/", "/sitemap.xml", "/gioi-thieu/"]
    urls += [category.get_absolute_url() for category in Category.objects.order_by("pk")]
    published = Article.objects.published().select_related("category").order_by("pk")
    urls += [article.get_absolute_url() for article in published]
    if seed_info["trashed_article"] in {a.pk for a in published}:
        problems.append(f"the trashed article {seed_info['trashed_article']} is public again")
    for url in urls:
        status = client.get(url).status_code
        if status != 200:
            problems.append(f"GET {url} answered {status}, not 200")
    article_url = imported.get_absolute_url()
    for query in queries:
        response = client.get("/tim-kiem/", {"q": query})
        if response.status_code != 200:
            problems.append(f"search page for {query!r} answered {response.status_code}")
        elif article_url not in response.content.decode():
            problems.append(f"search page for {query!r} does not list {article_url}")

    # Every address of the old release still leads somewhere: an article's to
    # that article (the section that had /van-ban/ moved aside for the library).
    old = seed_info.get("old_urls", {})
    for pk, url in old.get("articles", {}).items():
        response = client.get(url, follow=True)
        article = Article.objects.filter(pk=int(pk)).select_related("category").first()
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or article is None or final != article.get_absolute_url():
            problems.append(
                f"the old address {url} answered {response.status_code} at {final}, "
                f"not the article's page {article.get_absolute_url() if article else '(gone)'}"
            )
    for url in old.get("categories", []):
        status = client.get(url, follow=True).status_code
        if status != 200:
            problems.append(f"the old section address {url} answered {status}")
    urls += list(old.get("articles", {}).values()) + old.get("categories", [])

    # The index that 0006 re-pointed still follows a save made by the new code.
    edited = Article.objects.get(pk=seed_info["admin_article"])
    edited.title = f"{edited.title} tại Đồng Đăng"
    edited.save()
    if edited.pk not in {a.pk for a in Article.objects.published().search("dong dang")}:
        problems.append(f"search does not find article {edited.pk} after the new code saved it")
    return len(urls) + len(queries)


def check_admin(before, seed_info, problems):
    """Each role still works in the admin on what the old release stored."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    users = get_user_model().objects.in_bulk(seed_info["users"].values())
    clients = {}
    for role, pk in seed_info["users"].items():
        if pk not in users:
            problems.append(f"the {role} user {pk} is gone")
            return 0
        clients[role] = Client()
        clients[role].force_login(users[pk])
    article, photo = seed_info["admin_article"], seed_info["uploaded_photo"]
    pages = [
        ("Phóng viên", reverse("admin:news_article_add"), 200),
        ("Phóng viên", reverse("admin:images_image_add"), 200),
        ("Biên tập viên", reverse("admin:news_article_change", args=[article]), 200),
        ("Biên tập viên", reverse("admin:images_image_change", args=[photo]), 200),
        ("Biên tập viên", reverse("admin:news_article_changelist") + "?thung_rac=1", 200),
        ("Quản trị", reverse("admin:admin_logentry_changelist"), 200),
        ("Quản trị", reverse("admin:core_sitesettings_change", args=[1]), 200),
        # Bookmarks of the old addresses lead to the new ones.
        ("Quản trị", f"/admin/news/image/{photo}/change/", 301),
        ("Quản trị", "/admin/news/sitesettings/1/change/", 301),
    ]
    for pk, version in before["versions"].items():
        if version["content_type"] == "news.article":
            history = reverse("admin:news_article_history", args=[version["object_id"]])
            pages.append(("Quản trị", history, 200))
            pages.append(("Quản trị", f"{history}{pk}/", 200))
    for role, url, expected in pages:
        status = clients[role].get(url).status_code
        if status != expected:
            problems.append(f"admin: {url} as {role} answered {status}, not {expected}")
    trash = clients["Biên tập viên"].get(pages[4][1]).content.decode()
    if f"/{seed_info['trashed_article']}/change/" not in trash:
        problems.append(f"admin: the trash no longer lists article {seed_info['trashed_article']}")
    return len(pages) + 1


def check(before_path, seed_path):
    setup()
    before = json.loads(Path(before_path).read_text())
    seed_info = json.loads(Path(seed_path).read_text())
    after = snapshot()
    problems = []
    compare_rows(before, after, problems)
    compare_references(before, after, problems)
    compare_roles(before, after, problems)
    compare_search(before, after, problems)
    check_media(before, after, problems)
    pages = check_site(seed_info, problems)
    admin_pages = check_admin(before, seed_info, problems)

    for table, name in NAMES.items():
        old, new = before["rows"].get(table, {}), after["rows"].get(table, {})
        print(f"  {name:<20} {len(old):>5} before {len(new):>5} after")
    print(f"  {'media files':<20} {len(before['media']):>5} before {len(after['media']):>5} after")
    print(f"  {'roles':<20} {', '.join(sorted(after['roles']))}")
    print(f"  {'searches compared':<20} {len(before['search']):>5}")
    print(f"  {'public pages':<20} {pages:>5} fetched")
    print(f"  {'admin pages':<20} {admin_pages:>5} fetched")
    if problems:
        print(f"\nUPGRADE LOST OR BROKE {len(problems)} THING(S):")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("  nothing lost")
    return 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "seed":
        seed(*args)
    elif command == "snapshot":
        write_snapshot(*args)
    elif command == "check":
        sys.exit(check(*args))
    else:
        sys.exit(f"unknown command {command!r}")
