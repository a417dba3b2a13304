"""Turn HTML pasted from Word or web pages into the editor's own markup.

Runs before the nh3 allowlist (see ``news.editor``). nh3 would drop ``<b>``
and ``<i>`` with their formatting, and Word writes lists as paragraphs with
``mso-list`` styles; both are mapped to real markup here, and everything else
Word adds (styles, fonts, ``<o:p>``, conditional comments) is left for nh3 to drop.
"""

import re

_CONDITIONAL = re.compile(
    r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->|<!\[if[^\]]*\]>.*?<!\[endif\]>", re.S
)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_OFFICE_TAG = re.compile(r"</?o:p[^>]*>", re.I)
_TAG_RENAMES = [
    (re.compile(r"<(/?)b(\s[^>]*)?>", re.I), r"<\1strong>"),
    (re.compile(r"<(/?)i(\s[^>]*)?>", re.I), r"<\1em>"),
]
_LIST_PARA = re.compile(r"<p\b(?P<attrs>[^>]*mso-list[^>]*)>(?P<body>.*?)</p>", re.I | re.S)
# Word puts the bullet or number inside <![if !supportLists]> ... <![endif]>.
_MARKER = re.compile(
    r"<!(?:--)?\[if !supportLists\](?:--)?>(?P<marker>.*?)<!(?:--)?\[endif\](?:--)?>", re.S | re.I
)
_TAGS = re.compile(r"<[^>]+>")
_ORDERED = re.compile(r"^[0-9a-zA-Z]{1,3}[.)]$")


def _lists(html):
    """Group consecutive Word list paragraphs into <ul>/<ol> lists."""
    out, items, kind, pos = [], [], None, 0

    def flush():
        nonlocal items, kind
        if items:
            out.append(f"<{kind}>" + "".join(f"<li><p>{i}</p></li>" for i in items) + f"</{kind}>")
        items, kind = [], None

    for match in _LIST_PARA.finditer(html):
        between = html[pos : match.start()]
        if between.strip():
            flush()
            out.append(between)
        body = match.group("body")
        marker = _MARKER.search(body)
        text = _TAGS.sub("", marker.group("marker")).replace("&nbsp;", " ") if marker else ""
        this_kind = "ol" if _ORDERED.match(text.strip()) else "ul"
        if marker:
            body = body[: marker.start()] + body[marker.end() :]
        if kind and kind != this_kind:
            flush()
        kind = this_kind
        items.append(body.strip())
        pos = match.end()
    flush()
    out.append(html[pos:])
    return "".join(out)


def normalise_pasted_html(html):
    if not html:
        return html
    html = _OFFICE_TAG.sub("", html)
    if "mso-list" in html:
        html = _lists(html)
    html = _CONDITIONAL.sub("", html)
    html = _COMMENT.sub("", html)
    for pattern, replacement in _TAG_RENAMES:
        html = pattern.sub(replacement, html)
    return html
