from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Article, Category


class HomeView(ListView):
    template_name = "news/home.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().for_listing()


class CategoryView(ListView):
    template_name = "news/category.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return Article.objects.published().in_category(self.category).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, subcategories=self.category.children.all(), **kwargs
        )


class ArticleView(DetailView):
    """An article at /<category>/<slug>-<id>/; the id is what identifies it.

    A stale category or slug (after an editor renamed or moved the article)
    answers 301 to the current address.
    """

    template_name = "news/article.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related(
            "category", "category__parent", "cover_image"
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"] or self.object.category.slug != kwargs["category"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))
