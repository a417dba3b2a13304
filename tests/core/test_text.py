import unicodedata

import pytest
from django.utils.text import slugify as django_slugify

from accounts.models import User
from core.text import fold, slugify
from news.models import Article, Category
from tests.images.factories import ImageFactory
from tests.news.factories import ArticleFactory, CategoryFactory

SEED_TITLE = "Thành ủy Lạng Sơn sơ kết công tác Dân vận 9 tháng đầu năm 2019"
SEED_SLUG = "thanh-uy-lang-son-so-ket-cong-tac-dan-van-9-thang-dau-nam-2019"


def nfd(text):
    return unicodedata.normalize("NFD", text)


def test_slug_maps_d_with_stroke_and_strips_diacritics():
    assert slugify(SEED_TITLE) == SEED_SLUG
    assert slugify("ĐẢNG BỘ Đồng Đăng") == "dang-bo-dong-dang"
    # The reason this module exists: Django's own slugify loses the đ.
    assert django_slugify(SEED_TITLE).endswith("thang-au-nam-2019")


def test_slug_from_decomposed_input_is_the_same():
    assert slugify(nfd(SEED_TITLE)) == SEED_SLUG


def test_fold_ignores_case_diacritics_and_tone_mark_placement():
    assert fold("Thành uỷ") == fold("THÀNH ỦY") == "thanh uy"
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("  Đảng   bộ ") == "dang bo"


@pytest.mark.django_db
def test_article_slug_generated_on_server_and_unique(category):
    first = ArticleFactory(title=SEED_TITLE, category=category, slug="")
    second = ArticleFactory(title=SEED_TITLE, category=category, slug="")
    assert first.slug == SEED_SLUG
    assert second.slug == f"{SEED_SLUG}-2"


@pytest.mark.django_db
def test_category_slug_generated():
    assert CategoryFactory(name="Kiểm tra - Giám sát").slug == "kiem-tra-giam-sat"


@pytest.mark.django_db
def test_every_text_field_is_stored_nfc(category):
    article = ArticleFactory(
        title=nfd(SEED_TITLE),
        lead=nfd("Ngày 09/10, Thành uỷ Lạng Sơn"),
        body=nfd("<p>Dân vận khéo</p>"),
        byline=nfd("Thanh Huệ"),
        source=nfd("Báo Lạng Sơn"),
        cover_caption=nfd("Đồng chí phát biểu"),
        category=category,
    )
    image = ImageFactory(caption=nfd("Quang cảnh hội nghị"), credit=nfd("Minh Tuấn"))
    user = User.objects.create_user("nfd", password="x" * 12, display_name=nfd("Thanh Huệ"))
    cat = Category.objects.create(name=nfd("Tuyên giáo"))

    stored = Article.objects.get(pk=article.pk)
    for value in (stored.title, stored.lead, stored.body, stored.byline, stored.source):
        assert unicodedata.is_normalized("NFC", value)
    assert stored.title == SEED_TITLE
    image.refresh_from_db()
    assert unicodedata.is_normalized("NFC", image.caption)
    user.refresh_from_db()
    assert user.display_name == "Thanh Huệ"
    cat.refresh_from_db()
    assert cat.name == "Tuyên giáo" and cat.slug == "tuyen-giao"


def test_fold_treats_eth_typed_for_d_with_stroke_alike():
    assert fold("ÐẢNG BỘ") == fold("Đảng bộ") == "dang bo"
