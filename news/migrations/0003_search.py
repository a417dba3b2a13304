"""Full-text search index for articles (see news/search/).

PostgreSQL: unaccent, a folding function, three tsvector columns kept by a
trigger, and a GIN index. SQLite: an FTS5 table of pre-folded text, filled
here and kept by search/signals.py. The model declares none of this, so
the migration state is unchanged. (Migration 0006 moved the PostgreSQL
trigger onto the shared ``search_fold()``; see search/sql.py.)
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # IMMUTABLE (unaccent() itself is only STABLE, because its dictionary
    # could change) so it may feed stored columns and indexes.
    """
    CREATE OR REPLACE FUNCTION news_search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT regexp_replace(
            lower({schema}.unaccent('{schema}.unaccent'::regdictionary, value)),
            '[^[:alnum:]]+', ' ', 'g')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION news_search_strip_html(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT regexp_replace(regexp_replace(value, '<[^>]*>', ' ', 'g'),
                              '&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);', ' ', 'gi')
    $$
    """,
    """
    ALTER TABLE news_article
        ADD COLUMN search_title tsvector,
        ADD COLUMN search_lead tsvector,
        ADD COLUMN search_document tsvector
    """,
    """
    CREATE OR REPLACE FUNCTION news_article_search_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_title := to_tsvector('simple', news_search_fold(coalesce(NEW.title, '')));
        NEW.search_lead := to_tsvector('simple', news_search_fold(coalesce(NEW."lead", '')));
        NEW.search_document :=
            setweight(NEW.search_title, 'A')
            || setweight(NEW.search_lead, 'B')
            || setweight(to_tsvector('simple', news_search_fold(
                   news_search_strip_html(coalesce(NEW.body, '')))), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER news_article_search_update
        BEFORE INSERT OR UPDATE OF title, "lead", body ON news_article
        FOR EACH ROW EXECUTE FUNCTION news_article_search_update()
    """,
    "UPDATE news_article SET title = title",
    "CREATE INDEX news_article_search_idx ON news_article USING gin (search_document)",
    # Title candidates for ranking (news/search/backends/base.py).
    "CREATE INDEX news_article_search_title_idx ON news_article USING gin (search_title)",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS news_article_search_update ON news_article",
    "DROP FUNCTION IF EXISTS news_article_search_update()",
    "DROP INDEX IF EXISTS news_article_search_title_idx",
    "DROP INDEX IF EXISTS news_article_search_idx",
    """
    ALTER TABLE news_article
        DROP COLUMN IF EXISTS search_title,
        DROP COLUMN IF EXISTS search_lead,
        DROP COLUMN IF EXISTS search_document
    """,
    "DROP FUNCTION IF EXISTS news_search_strip_html(text)",
    "DROP FUNCTION IF EXISTS news_search_fold(text)",
    # The unaccent extension stays: something else may use it.
]

SQLITE_FORWARD = [
    # Pre-folded tokens separated by spaces; unicode61 only has to split them.
    "CREATE VIRTUAL TABLE news_article_fts USING fts5("
    "title, lead, body, tokenize = 'unicode61 remove_diacritics 0')",
]

SQLITE_BACKWARD = ["DROP TABLE IF EXISTS news_article_fts"]


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD[0])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT extnamespace::regnamespace::text FROM pg_extension"
                " WHERE extname = 'unaccent'"
            )
            schema = cursor.fetchone()[0]
        for sql in PG_FORWARD[1:]:
            schema_editor.execute(sql.replace("{schema}", schema))
    elif connection.vendor == "sqlite":
        from search.backends.sqlite import fill_index
        from search.registry import Searchable

        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)
        Article = apps.get_model("news", "Article")
        entry = Searchable(
            model=Article, title=("title",), lead=("lead",), body=("body",), html=("body",)
        )
        fill_index(entry, Article.objects.using(connection.alias), connection)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("news", "0002_editorial_and_public")]

    operations = [migrations.RunPython(forward, backward)]
