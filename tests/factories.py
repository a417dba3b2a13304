import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from accounts.models import User
from news.models import Article, Category, Image


def jpeg_bytes(size=(64, 48), colour=(165, 15, 21)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"Phóng viên {n}")
    password = factory.django.Password("mat-khau-rat-dai-123")
    is_staff = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    alt_text = "Hội nghị tại hội trường Thành ủy"
    caption = "Quang cảnh hội nghị"
    credit = "Minh Tuấn"
    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Thành ủy Lạng Sơn sơ kết công tác Dân vận số {n}")
    lead = "Ngày 09/10, Thành ủy Lạng Sơn đã tổ chức hội nghị sơ kết."
    body = "<p>Trong 9 tháng đầu năm, công tác dân vận đạt nhiều kết quả.</p>"
    category = factory.SubFactory(CategoryFactory)
    byline = "Thanh Huệ"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


def photo_with_renditions(size=(1600, 1000), **kwargs):
    """A library Image at ``size`` with its renditions generated (as after upload)."""
    from news.renditions import generate_renditions

    image = ImageFactory(file=ContentFile(jpeg_bytes(size), name="photo.jpg"), **kwargs)
    generate_renditions(image)
    return image
