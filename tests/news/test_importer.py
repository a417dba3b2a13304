import datetime as dt
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from news.models import Article

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "export_sample.txt"


def run(*args):
    call_command("import_articles", *map(str, args))


def test_imports_a_draft_with_every_part(category):
    run(SAMPLE, "--category", "dan-van")

    article = Article.objects.get()
    assert article.title == (
        "Đảng bộ phường Hoàng Văn Thụ tổng kết công tác xây dựng Đảng năm 2023"
    )
    assert article.slug == "dang-bo-phuong-hoang-van-thu-tong-ket-cong-tac-xay-dung-dang-nam-2023"
    assert article.lead.startswith("Ngày 15/12, Đảng uỷ phường")
    assert article.cover_caption.startswith("Đồng chí Hoàng Thị Mai")
    assert article.body.count("<p>") == 2
    assert article.body.endswith("chuyển đổi số trong công tác đảng./.</p>")
    assert article.byline == "Minh Ngọc"
    assert article.status == Article.Status.DRAFT
    assert timezone.localtime(article.published_at).date() == dt.date(2023, 12, 15)
    assert article.category == category


def test_decomposed_text_is_stored_nfc(category):
    run(FIXTURES / "export_nfd.txt", "--category", "dan-van")
    article = Article.objects.get()
    assert article.title.startswith("Đảng bộ phường Đông Kinh sơ kết")
    assert timezone.localtime(article.published_at).date() == dt.date(2023, 6, 20)


def test_publish_and_date_override(category):
    run(SAMPLE, "--category", "dan-van", "--publish", "--date", "2024-01-05")
    article = Article.objects.published().get()
    assert timezone.localtime(article.published_at).date() == dt.date(2024, 1, 5)


def test_running_twice_does_not_duplicate(category):
    run(SAMPLE, "--category", "dan-van")
    run(SAMPLE, "--category", "dan-van")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "không tìm thấy tệp"),
        (b"", "tệp rỗng"),
        (b"  \n\xc2\xa0\n", "tệp rỗng"),
        ("Tiêu đề\nNgày 01/02, sapo\n".encode() + b"\xff\xfe caf\xe9\n", "dòng 3"),
        (b"Skip to main content\n\n \n", "không có tiêu đề"),
        ("Chỉ có tiêu đề\n\nvà một dòng\n".encode(), "kết thúc quá sớm"),
        ("Tiêu đề\nNgày 31/02/2020, sapo\nchú thích\nđoạn\nBút danh\n".encode(), "ngày"),
    ],
    ids=["missing", "empty", "blank", "not-utf8", "no-title", "too-short", "bad-date"],
)
def test_bad_files_fail_clearly_and_import_nothing(category, tmp_path, content, expected):
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    with pytest.raises(CommandError) as excinfo:
        # The good file comes first: it must not be half-imported either.
        run(SAMPLE, bad, "--category", "dan-van")
    message = str(excinfo.value)
    assert str(bad) in message
    assert expected in message
    assert Article.objects.count() == 0


def test_non_utf8_error_names_the_line(category, tmp_path):
    bad = tmp_path / "cp1258.txt"
    bad.write_bytes(
        "Tiêu đề\n\nSapo\n".encode() + unicodedata.normalize("NFD", "Đoạn tin").encode("cp1258")
    )
    with pytest.raises(CommandError, match=r"dòng 4.*UTF-8"):
        run(bad, "--category", "dan-van")


def test_unknown_category(category):
    with pytest.raises(CommandError, match="Không có chuyên mục"):
        run(SAMPLE, "--category", "khong-co")


def test_bad_date_option(category):
    with pytest.raises(CommandError, match="--date không hợp lệ"):
        run(SAMPLE, "--category", "dan-van", "--date", "hôm qua")
    assert Article.objects.count() == 0


def test_command_exits_non_zero(tmp_path):
    """From the shell: a clear message on stderr and a non-zero exit status."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    root = Path(__file__).resolve().parents[2]
    subprocess.run([*manage, "migrate", "-v0"], check=True, cwd=root, env=env)
    result = subprocess.run(
        [*manage, "import_articles", str(tmp_path / "none.txt"), "--category", "x"],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
    )
    assert result.returncode != 0
    assert "none.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_without_author_warns_and_leaves_a_draft_for_the_editors(category, capsys):
    run(SAMPLE, "--category", "dan-van")
    err = capsys.readouterr().err
    assert "--author" in err and "Nháp chưa có người viết" in err
    article = Article.objects.get()
    assert article.author is None and article.status == Article.Status.DRAFT


def test_import_with_author_does_not_warn(category, editor, capsys):
    run(SAMPLE, "--category", "dan-van", "--author", editor.username)
    assert "--author" not in capsys.readouterr().err
    assert Article.objects.get().author == editor
