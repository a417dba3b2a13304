from django.core.management.base import BaseCommand

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật các nhóm vai trò (Phóng viên, Biên tập viên, Quản trị)."

    def handle(self, *args, **options):
        for name in sync_roles():
            self.stdout.write(f"Đã đồng bộ vai trò: {name}")
