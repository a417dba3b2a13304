"""Every string marked in the public (Jinja2) templates reaches makemessages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

MARKED = re.compile(r'_\("([^"]*)"\)')
TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates" / "jinja2").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_makemessages_extracts_every_marked_string(path):
    source = path.read_text()
    marked = set(MARKED.findall(source))
    extracted = set(MARKED.findall(templatize(source, origin=str(path))))
    assert marked - extracted == set(), "mark with {{ _('…') }} or {% set x = _('…') %}"


def test_the_public_templates_are_found():
    assert any(p.name == "base.html" for p in TEMPLATES)
