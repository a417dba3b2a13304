import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from news.importer import DEFAULT_HOUR, ExportError, parse_export
from news.models import Article, Category


def parse_cli_date(value):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            date = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return timezone.make_aware(dt.datetime.combine(date, dt.time(DEFAULT_HOUR)))
    raise CommandError(f"--date không hợp lệ: “{value}” (dùng YYYY-MM-DD hoặc DD/MM/YYYY).")


class Command(BaseCommand):
    help = "Nhập bài viết từ các tệp văn bản xuất từ cổng thông tin cũ."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--category", required=True, metavar="SLUG")
        parser.add_argument("--date", help="Ngày đăng, ghi đè ngày đọc được trong tệp.")
        parser.add_argument(
            "--publish", action="store_true", help="Xuất bản ngay thay vì lưu bản nháp."
        )
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            help="Người viết các bài nhập; thiếu thì bài không có người viết (có cảnh báo).",
        )

    def handle(self, *args, files, category, date, publish, author, **options):
        parsed, errors = [], []
        for path in files:
            try:
                parsed.append(parse_export(path))
            except ExportError as exc:
                errors.append(str(exc))
        if errors:
            raise CommandError(
                "Không nhập bài nào vì có lỗi:\n" + "\n".join(f"  {e}" for e in errors)
            )
        try:
            category_obj = Category.objects.get(slug=category)
        except Category.DoesNotExist:
            raise CommandError(f"Không có chuyên mục “{category}”.") from None
        author_obj = None
        if not author:
            # Nobody's "mine" lists them; only the editors' "Nháp chưa có người viết" does.
            self.stderr.write(
                self.style.WARNING(
                    "Chưa chỉ định --author: các bài nhập sẽ không có người viết, nên không "
                    "hiện trong danh sách của phóng viên nào; biên tập viên thấy các bản "
                    "nháp này ở mục “Nháp chưa có người viết” của trang Tòa soạn."
                )
            )
        if author:
            User = get_user_model()
            try:
                author_obj = User.objects.get(username=author)
            except User.DoesNotExist:
                raise CommandError(f"Không có người dùng “{author}”.") from None
        date_override = parse_cli_date(date) if date else None

        if publish:
            undated = [p.path for p in parsed if not (date_override or p.published_at)]
            if undated:
                raise CommandError(
                    "Không xác định được ngày đăng, hãy dùng --date: " + ", ".join(undated)
                )

        created = 0
        with transaction.atomic():
            for item in parsed:
                if Article.objects.filter(title=item.title, category=category_obj).exists():
                    self.stdout.write(f"Bỏ qua (đã có): {item.title}")
                    continue
                article = Article.objects.create(
                    title=item.title,
                    lead=item.lead,
                    body=item.body_html,
                    cover_caption=item.caption,
                    byline=item.byline,
                    category=category_obj,
                    author=author_obj,
                    published_at=date_override or item.published_at,
                    status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
                )
                created += 1
                self.stdout.write(f"Đã nhập #{article.pk}: {article.title} ({article.slug})")
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {created} bài."))
