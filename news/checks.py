"""System check: no section (category) may take a path an app's URLs start with."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from core.urlspace import reserved_segments

from .models import Category


@register(Tags.urls, Tags.database)
def categories_do_not_shadow_urls(app_configs, databases=None, **kwargs):
    """A category at ``/<slug>/`` whose slug an app's URLs start with would hide them.

    Reads the database, so it runs with ``check --database default`` (and
    before ``migrate``). While migrations are pending it waits: a migration may
    be the one that moves such a category out of the way.
    """
    errors = []
    for alias in databases or ():
        try:
            executor = MigrationExecutor(connections[alias])
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                continue
            taken = list(
                Category.objects.using(alias)
                .filter(slug__in=reserved_segments())
                .values_list("slug", flat=True)
            )
        except DatabaseError:
            continue  # no tables yet
        errors += [
            Error(
                f"Chuyên mục “{slug}” có đường dẫn /{slug}/ trùng với một trang của hệ thống.",
                hint="Đổi đường dẫn của chuyên mục trong trang quản trị.",
                obj=f"news.Category(slug={slug!r})",
                id="news.E001",
            )
            for slug in taken
        ]
    return errors
