import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Tạo một lần tài khoản quản trị cục bộ với mật khẩu ngẫu nhiên và in cách đăng nhập. "
        "Chỉ dùng cho máy phát triển."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Địa chỉ máy chủ phát triển đang chạy (make run truyền HOST và PORT).",
        )

    def handle(self, *args, url, **options):
        if not settings.DEBUG:
            raise CommandError("Chỉ dùng lệnh này khi DJANGO_DEBUG=1 (máy phát triển).")
        User = get_user_model()
        password_file = settings.VAR_DIR / "local-admin-password.txt"
        user = User.objects.filter(username=USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                USERNAME, email="admin@localhost", password=password, display_name="Quản trị"
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        else:
            stored = password_file.read_text().strip() if password_file.exists() else ""
            password = stored if stored and user.check_password(stored) else None

        self.stdout.write("")
        site = url.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Cổng thông tin: {site}/"))
        self.stdout.write(self.style.SUCCESS(f"Trang quản trị: {site}/admin/"))
        self.stdout.write(f"  Tên đăng nhập: {USERNAME}")
        if password:
            self.stdout.write(f"  Mật khẩu:      {password}")
        else:
            self.stdout.write(
                "  Mật khẩu đã được đổi. Đặt lại bằng: .venv/bin/python manage.py "
                f"changepassword {USERNAME}"
            )
        self.stdout.write("")
