"""The photo library's changelist as a grid of cards (``{% image_grid cl %}``)."""

from django import template
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR
from django.urls import reverse
from django.utils.translation import gettext as _

from ..display import thumbnail

register = template.Library()


def _sort_links(cl):
    """Newest, oldest, by title: Django's own ``o`` parameter, as the table headers set it."""
    columns = list(cl.list_display)
    date, title = columns.index("uploaded_at"), columns.index("title")
    current = cl.params.get(ORDER_VAR) or f"-{date}"
    choices = [
        (f"-{date}", _("Mới nhất trước")),
        (f"{date}", _("Cũ nhất trước")),
        (f"{title}", _("Theo tiêu đề")),
    ]
    return [
        {
            "label": label,
            "url": cl.get_query_string({ORDER_VAR: value}, [PAGE_VAR]),
            "current": value == current,
        }
        for value, label in choices
    ]


@register.inclusion_tag("admin/images/image/grid.html")
def image_grid(cl):
    opts = cl.opts
    change = f"admin:{opts.app_label}_{opts.model_name}_change"
    cards = [
        {
            "image": image,
            "url": reverse(change, args=[image.pk], current_app=cl.model_admin.admin_site.name),
            "thumbnail": thumbnail(image),
        }
        for image in cl.result_list
    ]
    return {
        "cl": cl,
        "cards": cards,
        # Django adds this column when the user has actions to run.
        "selectable": "action_checkbox" in cl.list_display,
        "sort_links": _sort_links(cl),
    }
