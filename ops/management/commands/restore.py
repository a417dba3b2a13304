from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (tạo bởi lệnh backup) vào cơ sở dữ liệu trống "
        "và thư mục MEDIA_ROOT trống. Không bao giờ ghi đè dữ liệu đang có."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="Tệp portal-….tar.gz")

    def handle(self, *args, archive, **options):
        try:
            result = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts, media = result.manifest["counts"], result.manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục bản sao lưu ngày {result.manifest['created_at']}: "
                f"{counts.get('news.article', 0)} bài viết, "
                f"{counts.get('accounts.user', 0)} người dùng, {len(media)} tệp media."
            )
        )
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
