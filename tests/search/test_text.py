"""Query parsing, highlighting, snippets and Telex reading: pure functions, no database."""

import pytest

from search import highlight, parse_query, snippet, tokens
from search.suggest import _untelex


def test_tokens_fold_like_news_text():
    assert tokens("Thành uỷ ĐẢNG bộ, Hoà–Bình 2019!") == [
        "thanh", "uy", "dang", "bo", "hoa", "binh", "2019",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "!!!", "😀🇻🇳", "\x00", '""', "“”", "* : ( ) - ^ ~", "AND OR NEAR NOT", None, 42],
)
def test_unusable_input_parses_to_an_empty_query(raw):
    assert not parse_query(raw)


def test_lone_quote_is_punctuation_and_balanced_quotes_make_a_phrase():
    assert parse_query('"dân vận').units == (("dan",), ("van",))
    assert parse_query('"dân vận" lạng').units == (("dan", "van"), ("lang",))


def test_repeated_words_count_once():
    assert parse_query("dân dân vận DÂN").units == (("dan",), ("van",))


def test_long_input_is_cut_and_flagged():
    query = parse_query("a" * 10_000)
    assert query.truncated
    assert len(query.text) == 200
    assert all(len(token) <= 50 for token in query.tokens)


def test_highlight_keeps_the_original_spelling_and_joins_phrases():
    query = parse_query("thanh ủy lang son")
    assert str(highlight("Thành uỷ Lạng Sơn họp", query)) == "<mark>Thành uỷ Lạng Sơn</mark> họp"


def test_highlight_marks_a_phrase_only_where_it_is_a_phrase():
    query = parse_query('"dân vận"')
    html = str(highlight("Dân vận khéo, vận động dân", query))
    assert html == "<mark>Dân vận</mark> khéo, vận động dân"


def test_highlight_escapes_everything_else():
    html = str(highlight('<img src=x onerror="alert(1)"> Đảng & dân', parse_query("dang")))
    assert html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>Đảng</mark> &amp; dân"


def test_snippet_prefers_the_lead_then_the_body_then_the_start():
    query = parse_query("hoa giai")
    assert "<mark>hoà giải</mark>" in snippet("Công tác hoà giải tốt.", "<p>x</p>", query)
    assert "<mark>Hòa giải</mark>" in snippet("Sapo.", "<p>Hòa giải viên</p>", query)
    assert str(snippet("Sapo ngắn.", "<p>Thân bài.</p>", query)) == "Sapo ngắn."
    assert str(snippet("", "<p>Thân &amp; bài.</p>", query)) == "Thân &amp; bài."


def test_snippet_cuts_long_text_around_the_first_match():
    body = "<p>" + " ".join(f"chữ{n}" for n in range(100)) + " Đảng bộ " + "cuối " * 100 + "</p>"
    html = str(snippet("", body, parse_query("dang bo")))
    assert html.startswith("… chữ90 ")
    assert "<mark>Đảng bộ</mark>" in html
    assert html.endswith(" …")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("thanhf", "thanh"), ("uyr", "uy"), ("ddangr", "dang"), ("vaanj", "van"),
     ("nghij", "nghi"), ("tha2nh", "thanh"), ("dduwowngf", "duong"), ("kheos", "kheo")],
)  # fmt: skip
def test_telex_and_vni_are_read_back(typed, meant):
    assert _untelex(typed) == meant
