"""Staff preview: any article, drafts included, through the public article view."""

from .views import ArticleView


class ArticlePreview(ArticleView):
    article = None  # set by ArticleAdmin.preview_view through as_view(article=...)
    is_preview = True  # rendered afresh, never from news.fragments

    def get(self, request, *args, **kwargs):
        self.object = self.article
        return self.render_to_response(self.get_context_data(object=self.object))
