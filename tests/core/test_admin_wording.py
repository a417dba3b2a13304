"""The admin's stock wording, as Django's own Vietnamese catalogue has it, is replaced.

Django's catalogue writes "Các mô models trong Tin tức" (half translated),
"Thêm vào bài viết" ("add to"), "Chọn bài viết để thay đổi" and, in the
two-list widget, "Có sẵn Các nhóm / Chọn Các nhóm". locale/vi wins over it.
"""

import json

import reversion
from django.urls import reverse

from tests.news.factories import ArticleFactory


def test_index_names_each_apps_items_and_adds_without_to(client, site_admin):
    client.force_login(site_admin)
    page = client.get(reverse("admin:index")).content.decode()
    assert "mô models" not in page
    assert "Thêm vào" not in page
    assert "Các mục trong Tin tức" in page


def test_lists_say_add_and_edit(client, site_admin):
    client.force_login(site_admin)
    for name, kind in (
        ("news_article", "bài viết"),
        ("images_image", "ảnh"),
        ("documents_document", "văn bản"),
    ):
        page = client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert f"Thêm vào {kind}" not in page
        assert "để thay đổi" not in page
    page = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "Chọn bài viết để sửa" in page
    page = client.get(reverse("admin:documents_document_changelist")).content.decode()
    assert "Thêm văn bản" in page


def test_two_list_widget_names_its_lists(client, site_admin):
    client.force_login(site_admin)
    catalog = client.get(reverse("admin:jsi18n")).content.decode()
    assert json.dumps("Các %s có thể chọn") in catalog  # the catalogue escapes non-ASCII
    assert json.dumps("Các %s đã chọn") in catalog
    # The document's fields ("lĩnh vực") are such a widget, named in lowercase.
    page = client.get(reverse("admin:documents_document_add")).content.decode()
    assert 'data-field-name="lĩnh vực"' in page


def test_version_comparison_button_is_capitalised(client, editor, category):
    with reversion.create_revision():
        article = ArticleFactory(category=category, author=editor)
    with reversion.create_revision():
        article.lead = "Sapo mới"
        article.save()
    client.force_login(editor)
    page = client.get(reverse("admin:news_article_history", args=[article.pk])).content.decode()
    assert 'value="So sánh"' in page
    assert "so sánh" not in page.replace("So sánh", "")
