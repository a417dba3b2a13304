from django.core.management.base import BaseCommand

from demo import loader


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chuyên mục, bài viết, ảnh). Chạy lại không tạo trùng."

    def handle(self, *args, **options):
        loader.load(stdout=self.stdout)
