"""The folding functions every PostgreSQL search index calls (see search/sql.py)."""

from django.db import migrations

from search import sql


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    # The migration runs `CREATE EXTENSION IF NOT EXISTS unaccent`: trusted on
    # PostgreSQL 13 and later, so the database owner can create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    for statement in sql.FOLD_FUNCTIONS:
        schema_editor.execute(statement.replace("{schema}", schema))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in sql.DROP_FOLD_FUNCTIONS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(forward, backward, elidable=False)]
