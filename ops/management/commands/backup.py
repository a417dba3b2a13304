from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và toàn bộ tệp media vào một tệp "
        "portal-YYYYmmdd-HHMMSS.tar.gz (mặc định trong BACKUP_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", metavar="DIR", help="Thư mục ghi bản sao lưu (mặc định: BACKUP_DIR)."
        )

    def handle(self, *args, output_dir, **options):
        try:
            result = create_backup(output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for path in result.skipped:
            self.stderr.write(f"Bỏ qua tệp media (liên kết, tệp đặc biệt hoặc vừa bị xóa): {path}")
        counts, media = result.manifest["counts"], result.manifest["media"]
        size = result.path.stat().st_size / (1024 * 1024)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {result.path} ({size:.1f} MB): "
                f"{counts.get('news.article', 0)} bài viết, "
                f"{counts.get('accounts.user', 0)} người dùng, {len(media)} tệp media."
            )
        )
