"""Remove autosave slots nobody came back to (run daily, e.g. from cron)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from editorial.models import Autosave


class Command(BaseCommand):
    help = "Xóa các bản tự lưu cũ hơn số ngày cho trước (mặc định 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - dt.timedelta(days=days)
        count, _detail = Autosave.objects.filter(saved_at__lt=cutoff).delete()
        if options["verbosity"]:
            self.stdout.write(f"Đã xóa {count} bản tự lưu cũ hơn {days} ngày.")
