from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from search import rebuild_index


class Command(BaseCommand):
    help = (
        "Dựng lại chỉ mục tìm kiếm của mọi loại nội dung, sau khi nhập bằng bulk_create, "
        "QuerySet.update() hay SQL trực tiếp (những cách này không gửi tín hiệu)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        with transaction.atomic(using=database):
            counts = rebuild_index(using=database)
        for label, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"Đã lập chỉ mục {count} mục: {label}."))
