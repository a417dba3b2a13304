from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from news.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the article search index, after bulk_create, QuerySet.update() or raw SQL "
        "imports (which send no signals)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        with transaction.atomic(using=database):
            count = rebuild_index(using=database)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles."))
