"""Migration 0003_search creates the index on both databases and can be reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from news.models import Article
from tests.news.factories import ArticleFactory


def index_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return "news_article_fts" in connection.introspection.table_names(cursor)
        columns = connection.introspection.get_table_description(cursor, "news_article")
        return "search_document" in {column.name for column in columns}


@pytest.mark.django_db(transaction=True)
def test_migration_is_reversible_and_indexes_existing_articles(category):
    assert index_exists()
    executor = MigrationExecutor(connection)
    executor.migrate([("news", "0002_editorial_and_public")])
    assert not index_exists()

    # Articles written before the migration are found after it (bulk_create:
    # without the index, saves would have no search row to update).
    article = Article.objects.bulk_create(
        [ArticleFactory.build(title="Đại hội Chi bộ khối 7", slug="dai-hoi", category=category)]
    )[0]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert index_exists()
    assert list(Article.objects.published().search("dai hoi chi bo")) == [article]
