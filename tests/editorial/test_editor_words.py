"""The rich-text editor speaks Vietnamese: every word of the installed django-prose-editor's
menu and dialogs has its translation in editorial/static/editorial/prose-editor-vi.js."""

import re
from pathlib import Path

import django_prose_editor
import pytest

PACKAGE_JS = Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
OURS = Path(__file__).parents[2] / "editorial/static/editorial/prose-editor-vi.js"


def package_words():
    """The English the package puts on screen: button titles, menu options, dialog words."""
    source = PACKAGE_JS.read_text()
    words = set(re.findall(r'\.material\("[^"]*","([^"]+)"\)', source))
    words |= set(re.findall(r'\.material\("[^"]*",pX\("([^"]+)"\)\)', source))
    words |= set(re.findall(r'\.svg\(`[^`]*`,"([^"]+)"\)', source))
    words |= set(re.findall(r'\.svg\(`[^`]*`,pX\("([^"]+)"\)\)', source))
    words |= set(re.findall(r'option:pG\("[^"]*",\{textContent:"([^"]+)"\}', source))
    words |= set(re.findall(r'pX\("([^"]+)"\)', source))
    return words


def translated():
    return set(re.findall(r"^\s+'((?:[^'\\]|\\.)+)':", OURS.read_text(), re.M))


def test_the_package_still_has_the_words_we_know():
    words = package_words()
    assert {"bold", "italic", "insert link", "Insert table", "undo", "Paragraph"} <= words
    assert "Heading ${e}" in PACKAGE_JS.read_text()  # the block menu's "Heading 2"


def test_every_word_of_the_editor_has_its_vietnamese():
    missing = package_words() - translated()
    assert not missing, f"Thêm bản dịch vào {OURS.name}: {sorted(missing)}"
    assert "'Tiêu đề ' + heading[1]" in OURS.read_text()  # "Heading 2" → "Tiêu đề 2"


@pytest.mark.django_db
def test_the_writing_screen_loads_the_words_before_the_editor(client, editor):
    client.force_login(editor)
    for url in ("/admin/news/article/add/", "/admin/documents/document/add/"):
        page = client.get(url).content.decode()
        ours = page.index("editorial/prose-editor-vi.js")
        editor_module = page.index('<script src="/static/django_prose_editor/editor.js"')
        assert page.index("/admin/jsi18n/") < ours < editor_module
        tag = page[page.rindex("<script", 0, ours) : ours]
        assert "module" not in tag and "defer" not in tag  # runs before the modules
