"""The Jinja2 environment of the public site (templates/jinja2/).

The public pages are what readers load, so they render with Jinja2, which
compiles templates to Python and renders them several times faster than the
Django template language. The admin, Django's own apps, the sitemap and the
500/503 pages keep using Django templates (templates/). The page helpers
are in ``news.display``.

Strings are marked ``{{ _("…") }}``, with placeholders filled by ``|format``,
or ``{% set label = _("…") %}`` to pass one on: ``makemessages`` finds those
forms in these files as in Django templates (not a ``_()`` inside a call).
"""

import functools
from types import SimpleNamespace

from django.template import defaulttags
from django.template.defaultfilters import date, linebreaks_filter, truncatewords, urlencode
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from jinja2 import ChainableUndefined, Environment, pass_context

from core import display
from images.display import picture_html, responsive_body


def url(name, *args):
    """``{% url %}``; addresses are fixed for the life of the process, so remembered."""
    return _reverse(name, args, get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reverse(name, args, prefix):
    return reverse(name, args=args or None)


def local_date(value, arg=None):
    """Django's ``date`` filter, in the site's time zone like in Django templates."""
    return date(template_localtime(value), arg)


@pass_context
def querystring(context, **changes):
    """Django's ``{% querystring %}``: the current query string with ``changes``."""
    return defaulttags.querystring(SimpleNamespace(request=context["request"]), **changes)


def environment(**options):
    # Like Django templates: everything escaped unless marked safe, and a
    # missing variable or attribute renders as nothing.
    options.pop("autoescape", None)
    options["undefined"] = ChainableUndefined
    env = Environment(autoescape=True, **options)
    env.globals.update(
        _=gettext,
        url=url,
        static=static,
        picture=picture_html,
        canonical_url=pass_context(display.canonical_url),
        absolute=pass_context(display.absolute),
        querystring=querystring,
    )
    env.filters.update(
        date=local_date,
        truncatewords=truncatewords,
        urlencode=urlencode,
        linebreaks=linebreaks_filter,
        vi_date=display.vi_date,
        vi_datetime=display.vi_datetime,
        responsive_body=responsive_body,
        json_ld=display.json_ld,
        tel_href=display.tel_href,
    )
    return env
