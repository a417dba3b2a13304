"""Property-based fuzzing of every public URL pattern: no input may cause a 5xx."""

from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.public.fuzzing import examples

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=300)
SEGMENT = st.one_of(
    TEXT,
    st.sampled_from(["dan-van", "%", "%zz", "..", "/", "-1", "0", "9" * 30, "đảng", "\x00"]),
)
PATH_PREFIXES = [
    "/",
    "/dan-van/",
    "/dan-van/thanh-uy-lang-son-{pk}/",
    "/luu-tru/",
    "/luu-tru/2019/",
    "/luu-tru/2019/10/",
    "/tim-kiem/",
    "/rss/",
    "/rss/dan-van/",
    "/sitemap.xml",
    "/robots.txt",
    "/gioi-thieu/",
    "/doc/{pk}/",
]
COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_not_5xx(response, what):
    assert response.status_code < 500, f"{what} -> {response.status_code}"


@settings(max_examples=examples(60), **COMMON)
@given(prefix=st.sampled_from(PATH_PREFIXES), tail=st.lists(SEGMENT, max_size=3))
def test_random_paths(client, article, prefix, tail):
    path = prefix.format(pk=article.pk) + "/".join(tail)
    # Sent as the raw WSGI path, as a server receives it: the test client
    # would read a path such as "//[" as a host name and fail before sending.
    raw = unquote_to_bytes(path).decode("iso-8859-1")
    assert_not_5xx(client.get("/", PATH_INFO=raw), path)


@settings(max_examples=examples(80), **COMMON)
@given(
    prefix=st.sampled_from(PATH_PREFIXES),
    params=st.dictionaries(
        st.sampled_from(
            ["q", "page", "p", "tu", "den", "chuyen_muc", "sap_xep", "utm_source", "x"]
        ),
        TEXT,
        max_size=4,
    ),
)
# Numbers that int() or str.isdigit() read differently from ASCII digits:
# each once, whatever the random draw.
@example(prefix="/", params={"page": "²"})
@example(prefix="/rss/", params={"page": "①"})
@example(prefix="/dan-van/", params={"page": "１２"})
@example(prefix="/sitemap.xml", params={"p": "٣"})
@example(prefix="/tim-kiem/", params={"q": "dan", "page": "1e3"})
def test_random_query_strings(client, article, prefix, params):
    path = prefix.format(pk=article.pk)
    assert_not_5xx(client.get(path, params), f"{path} {params!r}")


@settings(max_examples=examples(40), **COMMON)
@given(
    prefix=st.sampled_from(PATH_PREFIXES),
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]),
    headers=st.dictionaries(
        st.sampled_from(
            ["HTTP_IF_MODIFIED_SINCE", "HTTP_IF_NONE_MATCH", "HTTP_ACCEPT_LANGUAGE",
             "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_COOKIE", "HTTP_RANGE"]
        ),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120),
        max_size=4,
    ),
)  # fmt: skip
def test_random_methods_and_headers(client, article, prefix, method, headers):
    path = prefix.format(pk=article.pk)
    response = client.generic(method, path, **headers)
    assert_not_5xx(response, f"{method} {path} {headers!r}")


@settings(max_examples=examples(30), **COMMON)
@given(raw=st.binary(max_size=200))
def test_raw_bytes_in_the_query_string(client, article, raw):
    from urllib.parse import quote_from_bytes

    for path in ("/tim-kiem/", "/dan-van/", "/"):
        query = quote_from_bytes(raw, safe="=&%")
        assert_not_5xx(client.get(f"{path}?{query}"), f"{path}?{query}")


def test_overlong_path_and_query(client, article):
    assert_not_5xx(client.get("/" + "a" * 10_000 + "/"), "long path")
    assert_not_5xx(client.get("/tim-kiem/", {"q": "đảng " * 2_000}), "long query")
