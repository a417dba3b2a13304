from django.core.management.base import BaseCommand

from news import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chuyên mục, bài viết, ảnh). Chạy lại không tạo trùng."

    def handle(self, *args, **options):
        demo.load(stdout=self.stdout)
