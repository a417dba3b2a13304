import pytest
from django.core.management import call_command
from django.urls import reverse

from images.models import Image
from news.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once(client):
    call_command("load_demo")
    counts = (Category.objects.count(), Article.objects.count(), Image.objects.count())
    call_command("load_demo")
    assert (Category.objects.count(), Article.objects.count(), Image.objects.count()) == counts

    assert 8 <= Category.objects.filter(parent__isnull=True).count() <= 12
    assert Category.objects.filter(parent__isnull=False).exists()
    assert Article.objects.published().count() == 42
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    scheduled = [a for a in Article.objects.all() if a.is_scheduled]
    assert len(scheduled) == 1
    published = Article.objects.published().select_related("cover_image")
    assert all(a.cover_image and a.cover_image.caption for a in published)
    assert len({a.byline for a in published}) > 3
    assert len({a.published_at.date() for a in published}) > 20

    home = client.get("/")
    assert home.status_code == 200
    article = published.first()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.category.get_absolute_url()).status_code == 200
    assert client.get(article.cover_image.file.url).status_code in (200, 404)


def test_demo_documents_cover_the_library(client):
    from documents.models import Attachment, Document, DocumentRelation

    call_command("load_demo")
    counts = (Document.objects.count(), Attachment.objects.count())
    call_command("load_demo")
    assert (Document.objects.count(), Attachment.objects.count()) == counts

    published = Document.objects.published()
    assert published.count() >= 25
    assert len({d.doc_type_id for d in published}) >= 5
    assert len({d.issued_on.year for d in published}) >= 3
    # The classified and internal ones exist, and never show.
    withheld = Document.objects.exclude(pk__in=published.values("pk"))
    assert withheld.filter(classification="mat").exists()
    assert withheld.filter(circulation="internal").exists()
    assert DocumentRelation.objects.exists()
    assert Attachment.objects.filter(document__in=published).count() >= published.count() // 2
    assert Article.objects.filter(related_documents__isnull=False).exists()

    assert client.get("/van-ban/").status_code == 200
    document = published.filter(attachments__isnull=False).first()
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert document.number_symbol in page.content.decode()
    attachment = document.attachments.first()
    download = client.get(reverse("documents:download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    for hidden in withheld:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_demo_has_a_reporter_limited_to_one_section():
    from accounts.models import User
    from news.models import SectionAccess

    call_command("load_demo")
    call_command("load_demo")
    reporter = User.objects.get(username="phongvien_xaydungdang")
    assert not reporter.is_active and not reporter.has_usable_password()
    assert reporter.groups.filter(name="Phóng viên").exists()
    access = SectionAccess.objects.get(user=reporter)
    assert (access.category.slug, access.purpose) == ("xay-dung-dang", "write")
    assert SectionAccess.section_ids(reporter, "write") == {
        access.category.pk,
        *access.category.children.values_list("pk", flat=True),
    }
