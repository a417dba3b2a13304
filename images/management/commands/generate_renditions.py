from django.core.management.base import BaseCommand

from images.models import Image
from images.renditions import generate_renditions, images_without_renditions, regenerate_renditions


class Command(BaseCommand):
    help = "Tạo các bản thu nhỏ (WebP, JPEG) còn thiếu cho ảnh trong thư viện."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Xóa và tạo lại mọi bản thu nhỏ.")

    def handle(self, *args, force=False, **options):
        images = Image.objects.all().iterator() if force else images_without_renditions()
        action = regenerate_renditions if force else generate_renditions
        count = images_done = 0
        for image in images:
            count += action(image)
            images_done += 1
        self.stdout.write(f"Đã tạo {count} bản thu nhỏ cho {images_done} ảnh.")
