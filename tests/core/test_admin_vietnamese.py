"""Every admin page speaks Vietnamese, for every role, third-party pages included.

The test logs in as each role (superuser, "Quản trị", "Biên tập viên",
"Phóng viên") with a little of every kind of data present, opens the admin
home page and follows each same-site admin link it finds, plus each
registered ModelAdmin's changelist, add, change, history and delete pages
and the site's own views. From each HTML page it reads what a person sees
(text, titles, placeholders, alt text, aria labels, button captions, option
text) and fails on common English interface words (``ENGLISH``).

A new English word on an admin page is fixed where it comes from: a msgid in
locale/vi/LC_MESSAGES/django.po (third-party packages' strings included), an
AppConfig's verbose name (core/apps.py) or an admin template override. The
allowlist is for proper nouns and technical tokens only, never for English.
"""

import datetime as dt
import json
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version

from core.display import vi_datetime
from editorial import workflow
from editorial.models import Autosave
from tests.accounts.factories import UserFactory
from tests.documents.factories import DocumentFactory, attach_pdf
from tests.news.factories import ArticleFactory

# Common English words of an admin interface, matched whole and case-insensitively.
_ENGLISH_WORDS = """
    the and or of for at is are was been not with from this that
    show hide counts count add added change changed changes delete deleted deletion save
    history recover recovered search filter filters by all any yes unknown none today
    now yesterday tomorrow previous next first last page action actions go select
    selected view site log logout out login password user users group groups
    permission permissions access attempts attempt failures failure logs device devices
    revert reverted compare comparison version versions revision revisions date time
    home documentation welcome clear cancel close submit confirm sure object objects
    edit remove update create new list more less back choose calendar clock midnight
    noon morning evening january february march april june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday
    name email address staff active superuser status key secret confirmed throttling
    failed failed_logins username agent path get data meta logged logout attempted
    expand collapse toggle sidebar navigation skip content main start typing filtering
    reset return ordering sort sorted ascending descending remove removing field fields
    required optional help invalid error errors please correct below above entry entries
    current currently other related details detail summary total result results
    """
ENGLISH = set(_ENGLISH_WORDS.split())
# Proper nouns and technical tokens that legitimately appear (never real English).
ALLOWLIST = {"totp", "email", "url", "rss", "pdf", "xlsx", "jpeg", "png", "webp", "avif"}

ROLES = ["superuser", "site_admin", "editor", "contributor"]
MAX_PAGES = 400
# A run of letters and digits is one token; one with digits (a two-factor key
# "AT6LDGZM4…", a code) is data, never an English word.
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_']*")


class VisibleText(HTMLParser):
    """What a person reads on the page, as a list of snippets; and the page's links.

    Elements the page hides (``hidden``, class "hidden", as Django's admin
    hides the rows of hidden form fields) are read by nobody, and skipped.
    """

    SILENT = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.snippets = []
        self.links = []
        self._open = []  # (tag, silent) of each open element

    @property
    def _silent(self):
        return any(silent for _tag, silent in self._open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        hidden = "hidden" in attrs or "hidden" in (attrs.get("class") or "").split()
        if tag not in self.VOID:
            self._open.append((tag, tag in self.SILENT or hidden))
        if self._silent or hidden or attrs.get("type") == "hidden":
            return
        for name in self.ATTRIBUTES:
            if attrs.get(name):
                self.snippets.append(attrs[name])
        button = tag in ("input", "button") and attrs.get("type") in ("submit", "button", "reset")
        if button and attrs.get("value"):
            self.snippets.append(attrs["value"])

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if not self._silent and data.strip():
            self.snippets.append(" ".join(data.split()))


def english_in(snippet):
    # Paths, addresses and MIME types ("/admin/login/", "text/html") are data.
    snippet = re.sub(r"\S*/\S*", " ", snippet)
    words = {
        word.lower().strip("'")
        for word in WORD.findall(snippet)
        if not any(ch.isdigit() for ch in word)
    }
    return sorted(word for word in words if word in ENGLISH and word not in ALLOWLIST)


def test_a_random_key_is_not_read_as_english_words():
    # A two-factor secret is random base32: "AT6LDGZM4…" once failed the crawl as "at".
    assert english_in("AT6LDGZM4JCQDMK4MCYIJ5OD3YGN4VVA") == []
    assert english_in("Lưu at 6 giờ") == ["at"]  # a word beside a number still counts


@pytest.fixture
def superuser(db):
    return UserFactory(username="sieuquantri", display_name="Quản trị hệ thống", is_superuser=True)


@pytest.fixture
def newsroom_data(db, category, photo, site_admin, editor, contributor):
    """One of each thing an admin page can list, so no list, form or history is empty."""
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Tạo bài")
        article = ArticleFactory(
            title="Hội nghị Ban Chấp hành Đảng bộ thành phố", category=category, author=contributor
        )
    with reversion.create_revision():
        reversion.set_user(editor)
        article.lead = "Sáng nay, Ban Chấp hành Đảng bộ thành phố họp phiên thường kỳ."
        article.save()
    with reversion.create_revision():
        gone = ArticleFactory(title="Bài đã xóa vĩnh viễn", category=category)
    type(gone).objects.filter(pk=gone.pk).delete()  # leaves a version to recover
    with reversion.create_revision():
        document = DocumentFactory()
    attach_pdf(document)  # the file widget of a stored (private) file
    now = timezone.now()
    AccessAttempt.objects.create(
        username="nguoila",
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
        attempt_time=now,
    )
    AccessFailureLog.objects.create(
        username="nguoila",
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/admin/login/",
        attempt_time=now,
        locked_out=False,
    )
    AccessLog.objects.create(
        username=editor.username,
        ip_address="203.0.113.8",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/admin/login/",
        attempt_time=now - dt.timedelta(hours=1),
        logout_time=now,
    )
    TOTPDevice.objects.create(user=site_admin, name="Điện thoại", confirmed=True)
    LogEntry.objects.create(
        user=editor,
        content_type_id=ContentType.objects.get_for_model(article).pk,
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=ADDITION,
        change_message="",
    )
    # The writing screen's own states: an item waiting for review (the editor's
    # "Trả lại cho tác giả" and its page), one sent back with a note (the
    # author's banner and dashboard), and an autosaved copy (the restore offer).
    pending = ArticleFactory(
        title="Bài chờ duyệt", category=category, author=contributor, status="draft"
    )
    workflow.transition(pending, "pending", contributor)
    returned = ArticleFactory(
        title="Bài bị trả lại", category=category, author=contributor, status="draft"
    )
    workflow.transition(returned, "pending", contributor)
    workflow.send_back(returned, editor, "Cần thêm ảnh và tên đại biểu.")
    Autosave.objects.create(
        user=contributor,
        content_type=ContentType.objects.get_for_model(returned),
        object_id=returned.pk,
        base_version=returned.version,
        data={"title": ["Bài bị trả lại (đang sửa)"]},
        saved_at=now,
    )
    return {
        "article": article,
        "document": document,
        "image": photo,
        "pending": pending,
        "returned": returned,
    }


def _reverse(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def seed_urls():
    """The admin pages worth opening even when no link points at them."""
    urls = ["/admin/", "/admin/images/image/tai-len/"]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [_reverse(f"{info}_changelist"), _reverse(f"{info}_add")]
        urls.append(_reverse(f"{info}_recoverlist"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            for view in ("change", "history", "delete"):
                urls.append(_reverse(f"{info}_{view}", obj.pk))
            # django-reversion-compare's page, reached by a form on the history page.
            compare = _reverse(f"{info}_compare", obj.pk)
            versions = Version.objects.get_for_object(obj) if compare else Version.objects.none()
            versions = list(versions.values_list("pk", flat=True)[:2])
            if len(versions) == 2:
                urls.append(f"{compare}?version_id1={versions[1]}&version_id2={versions[0]}")
    for page in admin.site._pages:
        urls.append(_reverse(f"admin:{page.name}"))
    return [url for url in urls if url]


def crawl(client, first=()):
    """Every admin page reachable from the seeds (``first`` first): {url: [snippets]} for HTML 200s.

    Bounded: one query string per path, and two pages per shape of path
    (``/admin/documents/documenttype/<id>/change/``), so the dozens of
    seeded document types don't use up ``MAX_PAGES``.
    """
    queue = deque([*first, *seed_urls()])
    seen, shapes, pages = set(), Counter(), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        parts = urlsplit(url)
        shape = re.sub(r"\d+", "0", parts.path)
        keys = [url, (parts.path, "?")] if parts.query else [url]
        if any(key in seen for key in keys) or shapes[shape] >= 2:
            continue
        seen.update(keys)
        shapes[shape] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        pages[url] = parser.snippets
        for href in parser.links:
            target = urlsplit(urljoin(url, href))
            if target.netloc not in ("", "testserver") or not target.path.startswith("/admin/"):
                continue
            if "logout" in target.path or target.path.startswith("/admin/jsi18n"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_no_english_on_any_admin_page(client, request, role, newsroom_data):
    client.force_login(request.getfixturevalue(role))
    # A login without a request (force_login) is logged by django-axes with
    # "<unknown>" for path and browser; a real one has the login page's.
    AccessLog.objects.filter(path_info="<unknown>").update(
        path_info="/admin/login/", user_agent="Mozilla/5.0", http_accept="text/html"
    )
    # The writing screen's states first: the send-back page for those who
    # review, the returned article's banner and autosave offer for its author.
    pending, returned = newsroom_data["pending"], newsroom_data["returned"]
    writing = [
        f"/admin/news/article/{returned.pk}/change/",
        f"/admin/news/article/{pending.pk}/change/",
        f"/admin/news/article/{pending.pk}/tra-lai/",
    ]
    pages = crawl(client, first=writing)
    assert len(pages) > 10, sorted(pages)
    assert writing[0] in pages and writing[1] in pages
    assert (writing[2] in pages) == (role != "contributor")
    problems = []
    for url, snippets in pages.items():
        for snippet in snippets:
            if words := english_in(snippet):
                problems.append(f"{url}: {', '.join(words)} in “{snippet[:160]}”")
    problems = sorted(set(problems))
    assert not problems, f"{len(problems)} English snippets:\n" + "\n".join(problems[:300])


def test_the_date_and_time_widgets_speak_vietnamese(client, editor):
    """The admin's scripts (calendar, clock, two-list selector) take their words from here."""
    client.force_login(editor)
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))

    def vietnamese(msgid):
        value = catalog.get(msgid)
        return value[0] if isinstance(value, list) else value

    for msgid in [
        "Today", "Yesterday", "Tomorrow", "Now", "Midnight", "Noon", "6 a.m.", "6 p.m.",
        "Choose a Date", "Choose a Time", "Choose a time", "Cancel", "Show", "Hide",
        "January", "December", "Monday", "Sunday", "Choose all %s", "Remove all %s",
    ]:  # fmt: skip
        assert vietnamese(msgid), msgid
        assert not english_in(vietnamese(msgid)), (msgid, vietnamese(msgid))
    assert vietnamese("Tuesday") == "Thứ Ba"


def test_admin_dates_read_as_on_the_public_site(client, editor, newsroom_data):
    """'Thứ Ba, 01/12/2026 20:43', as core.display.vi_datetime writes them."""
    client.force_login(editor)
    article = newsroom_data["article"]
    html = client.get(reverse("admin:news_article_history", args=[article.pk])).content.decode()
    when = timezone.localtime(Version.objects.get_for_object(article).first().revision.date_created)
    assert vi_datetime(when) in html
    assert re.search(r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4} \d\d:\d\d", html)


def english_on(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return [(words, snippet) for snippet in parser.snippets if (words := english_in(snippet))]


def test_the_login_page_and_its_errors_speak_vietnamese(client, editor):
    assert not english_on(client.get("/admin/login/"))
    wrong = client.post("/admin/login/", {"username": editor.username, "password": "sai-mat-khau"})
    assert wrong.status_code == 200
    assert not english_on(wrong)
    empty = client.post("/admin/login/", {"username": "", "password": ""})
    assert not english_on(empty)


@pytest.mark.parametrize(
    "url",
    ["/admin/news/article/add/", "/admin/documents/document/add/", "/admin/news/category/add/",
     "/admin/accounts/user/add/", "/admin/images/image/add/"],
)  # fmt: skip
def test_form_errors_speak_vietnamese(client, superuser, url):
    client.force_login(superuser)
    response = client.post(url, {"title": "x" * 1000, "slug": "khong hop le!", "name": "x" * 1000})
    assert response.status_code == 200  # the form again, with its errors
    assert not english_on(response)


@pytest.mark.parametrize(
    ("role", "changelist", "model"),
    [("superuser", "/admin/accounts/user/", "accounts.user"),
     ("site_admin", "/admin/axes/accessattempt/", "axes.accessattempt"),
     ("site_admin", "/admin/otp_totp/totpdevice/", "otp_totp.totpdevice")],
)  # fmt: skip
def test_the_delete_selected_confirmation_speaks_vietnamese(
    client, request, role, changelist, model, newsroom_data
):
    from django.apps import apps

    client.force_login(request.getfixturevalue(role))
    pks = apps.get_model(model).objects.values_list("pk", flat=True)
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks]}
    )
    assert response.status_code == 200
    title = response.content.decode().split("</title>")[0]
    assert "xóa" in title.lower()  # the confirmation (or why not), not the list again
    assert not english_on(response)
