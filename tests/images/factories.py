import io

import factory
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from images.models import Image


def jpeg_bytes(size=(64, 48), colour=(165, 15, 21)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    alt_text = "Hội nghị tại hội trường Thành ủy"
    caption = "Quang cảnh hội nghị"
    credit = "Minh Tuấn"
    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))


def photo_with_renditions(size=(1600, 1000), **kwargs):
    """A library Image at ``size`` with its renditions generated (as after upload)."""
    from images.renditions import generate_renditions

    image = ImageFactory(file=ContentFile(jpeg_bytes(size), name="photo.jpg"), **kwargs)
    generate_renditions(image)
    return image
