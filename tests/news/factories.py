import datetime as dt

import factory
from django.utils import timezone

from news.models import Article, Category


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")


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
