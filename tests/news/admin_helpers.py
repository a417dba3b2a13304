"""Helpers for driving the article admin form with Django's test client."""

from django.utils import timezone

ADD_URL = "/admin/news/article/add/"
CHANGELIST_URL = "/admin/news/article/"


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def form_data(article=None, **overrides):
    """POST data for the article form, starting from ``article``'s stored values."""
    data = {
        "title": "Bài viết mới",
        "slug": "",
        "lead": "Ngày 09/10, hội nghị sơ kết.",
        "body": "<p>Nội dung</p>",
        "cover_image": "",
        "cover_caption": "",
        "category": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "byline": "",
        "source": "",
        "expected_version": "",
    }
    if article is not None:
        local = timezone.localtime(article.published_at) if article.published_at else None
        data.update(
            title=article.title,
            slug=article.slug,
            lead=article.lead,
            body=article.body,
            cover_image=article.cover_image_id or "",
            cover_caption=article.cover_caption,
            category=article.category_id,
            status=article.status,
            published_at_0=f"{local:%Y-%m-%d}" if local else "",
            published_at_1=f"{local:%H:%M:%S}" if local else "",
            byline=article.byline,
            source=article.source,
            expected_version=article.version,
        )
        if article.featured:
            data["featured"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def errors_of(response):
    """Form errors shown on an admin change form response, as text."""
    form = response.context["adminform"].form
    return " ".join(str(e) for errs in form.errors.values() for e in errs)
