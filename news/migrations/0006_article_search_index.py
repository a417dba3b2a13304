"""The article index, as the search app builds every model's (search/sql.py).

The columns, FTS table and indexes of 0003 stay; the PostgreSQL trigger is
rewritten to call the shared search_fold(), which folds exactly as
news_search_fold() did, so nothing is re-indexed, and the old functions go.
Going back puts 0003's functions and trigger back.
"""

import importlib

from django.db import migrations

from search import sql

COLUMNS = {"title": ("title",), "lead": ("lead",), "body": ("body",), "html": ("body",)}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the FTS table of 0003 is already what search/sql.py makes
    for statement in sql.pg_install("news_article", refill=False, **COLUMNS):
        schema_editor.execute(statement)
    schema_editor.execute("DROP FUNCTION IF EXISTS news_search_strip_html(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS news_search_fold(text)")


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    old = importlib.import_module("news.migrations.0003_search")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    # The fold functions, the trigger function and the trigger of 0003.
    schema_editor.execute("DROP TRIGGER IF EXISTS news_article_search_update ON news_article")
    for statement in old.PG_FORWARD[1:3] + old.PG_FORWARD[4:6]:
        schema_editor.execute(statement.replace("{schema}", schema))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_photos_and_settings_move_out"),
        ("search", "0001_fold_functions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
