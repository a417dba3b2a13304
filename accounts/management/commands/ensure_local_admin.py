import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import CONTRIBUTOR, EDITOR

USERNAME = "admin"
# Development only (the command refuses to run with DEBUG off): one login per
# newsroom role, so each role can be tried at once. Each has exactly its role's
# rights (accounts/roles.py, the README's role table) and works in every section.
DEMO_LOGINS = (
    ("bientap_demo", EDITOR, "Biên tập viên thử"),
    ("phongvien_demo", CONTRIBUTOR, "Phóng viên thử"),
)


class Command(BaseCommand):
    help = (
        "Tạo một lần tài khoản quản trị cục bộ, một biên tập viên và một phóng viên thử, "
        "với mật khẩu ngẫu nhiên, và in cách đăng nhập. Chỉ dùng cho máy phát triển."
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
        logins = [
            (
                "Quản trị (mọi quyền)",
                USERNAME,
                self._ensure(
                    USERNAME,
                    "local-admin-password.txt",
                    lambda password: User.objects.create_superuser(
                        USERNAME,
                        email="admin@localhost",
                        password=password,
                        display_name="Quản trị",
                    ),
                ),
            )
        ]
        for username, role, display_name in DEMO_LOGINS:

            def create(password, username=username, role=role, display_name=display_name):
                user = User.objects.create_user(
                    username, password=password, display_name=display_name, is_staff=True
                )
                user.groups.add(Group.objects.get(name=role))

            logins.append(
                (role, username, self._ensure(username, f"local-{username}-password.txt", create))
            )

        self.stdout.write("")
        site = url.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Cổng thông tin: {site}/"))
        self.stdout.write(self.style.SUCCESS(f"Trang quản trị: {site}/admin/"))
        for label, username, password in logins:
            self.stdout.write(f"  {label}:")
            self.stdout.write(f"    Tên đăng nhập: {username}")
            if password:
                self.stdout.write(f"    Mật khẩu:      {password}")
            else:
                self.stdout.write(
                    "    Mật khẩu đã được đổi. Đặt lại bằng: .venv/bin/python manage.py "
                    f"changepassword {username}"
                )
        self.stdout.write("")

    @staticmethod
    def _ensure(username, file_name, create):
        """The login's password: made once (``create(password)``), kept in var/; None if changed."""
        password_file = settings.VAR_DIR / file_name
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            create(password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            return password
        stored = password_file.read_text().strip() if password_file.exists() else ""
        return stored if stored and user.check_password(stored) else None
