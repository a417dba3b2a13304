"""Staff preview: any article, drafts included, through the public article view."""

from .views import ArticleView


class ArticlePreview(ArticleView):
    preview_of = None  # set by the admin's preview view through as_view(preview_of=...)
    preview_visible = None  # the articles the previewing user may see (unused: none are listed)
    is_preview = True  # rendered afresh, never from news.fragments

    def get(self, request, *args, **kwargs):
        self.object = self.preview_of
        return self.render_to_response(self.get_context_data(object=self.object))
