"""The database side of a model's search index, for ``operations.AddSearchIndex``.

PostgreSQL: three tsvector columns on the model's table, a trigger that fills
them from the registered columns, two GIN indexes. SQLite: an FTS5 table of
pre-folded text (``backends/sqlite.py``). The folding functions they call,
``search_fold()`` and ``search_strip_html()``, come from this app's first
migration.
"""

FOLD_FUNCTIONS = [
    # IMMUTABLE (unaccent() itself is only STABLE, because its dictionary
    # could change) so it may feed stored columns and indexes.
    """
    CREATE OR REPLACE FUNCTION search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT regexp_replace(
            lower({schema}.unaccent('{schema}.unaccent'::regdictionary, value)),
            '[^[:alnum:]]+', ' ', 'g')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION search_strip_html(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT regexp_replace(regexp_replace(value, '<[^>]*>', ' ', 'g'),
                              '&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);', ' ', 'gi')
    $$
    """,
]
DROP_FOLD_FUNCTIONS = [
    "DROP FUNCTION IF EXISTS search_strip_html(text)",
    "DROP FUNCTION IF EXISTS search_fold(text)",
]


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _text(columns, html):
    """One SQL text expression joining ``columns`` of the NEW row."""
    if not columns:
        return "''"
    parts = []
    for column in columns:
        value = f"coalesce(NEW.{_quote(column)}::text, '')"
        parts.append(f"search_strip_html({value})" if column in html else value)
    return " || ' ' || ".join(parts)


def pg_install(table, title, lead, body, html, refill):
    """Statements that add (or replace) the index of ``table``."""
    t, function = _quote(table), _quote(f"{table}_search_update")
    columns = ", ".join(_quote(c) for c in dict.fromkeys(title + lead + body))
    statements = [
        f"""
        ALTER TABLE {t}
            ADD COLUMN IF NOT EXISTS search_title tsvector,
            ADD COLUMN IF NOT EXISTS search_lead tsvector,
            ADD COLUMN IF NOT EXISTS search_document tsvector
        """,
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_title := to_tsvector('simple', search_fold({_text(title, html)}));
            NEW.search_lead := to_tsvector('simple', search_fold({_text(lead, html)}));
            NEW.search_document :=
                setweight(NEW.search_title, 'A')
                || setweight(NEW.search_lead, 'B')
                || setweight(to_tsvector('simple', search_fold({_text(body, html)})), 'C');
            RETURN NEW;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {function} ON {t}",
        f"""
        CREATE TRIGGER {function}
            BEFORE INSERT OR UPDATE OF {columns} ON {t}
            FOR EACH ROW EXECUTE FUNCTION {function}()
        """,
    ]
    if refill:
        first = _quote(title[0])
        statements.append(f"UPDATE {t} SET {first} = {first}")  # noqa: S608 - quoted names
    statements += [
        f"CREATE INDEX IF NOT EXISTS {_quote(table + '_search_idx')} ON {t} "
        "USING gin (search_document)",
        # Title candidates for ranking (backends/base.py).
        f"CREATE INDEX IF NOT EXISTS {_quote(table + '_search_title_idx')} ON {t} "
        "USING gin (search_title)",
    ]
    return statements


def pg_uninstall(table):
    t, function = _quote(table), _quote(f"{table}_search_update")
    return [
        f"DROP TRIGGER IF EXISTS {function} ON {t}",
        f"DROP FUNCTION IF EXISTS {function}()",
        f"DROP INDEX IF EXISTS {_quote(table + '_search_title_idx')}",
        f"DROP INDEX IF EXISTS {_quote(table + '_search_idx')}",
        f"""
        ALTER TABLE {t}
            DROP COLUMN IF EXISTS search_title,
            DROP COLUMN IF EXISTS search_lead,
            DROP COLUMN IF EXISTS search_document
        """,
    ]


def sqlite_install(table):
    # Pre-folded tokens separated by spaces; unicode61 only has to split them.
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_quote(table + '_fts')} USING fts5("
        "title, lead, body, tokenize = 'unicode61 remove_diacritics 0')"
    ]


def sqlite_uninstall(table):
    return [f"DROP TABLE IF EXISTS {_quote(table + '_fts')}"]
