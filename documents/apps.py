from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

import search
from core import versioning
from editorial import scopes

from .letterhead import search_text


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản")

    def ready(self):
        from . import signals
        from .models import Document, DocumentAccess

        signals.connect()
        scopes.register_assignments(DocumentAccess)
        versioning.register_next_change(Document.objects.next_publication)
        search.register(
            Document,
            # "Nghị quyết số 15-NQ/TU" and the number as typed without its
            # leading zero ("5-QĐ/TU" for "05-QĐ/TU"): a lookup by number is a
            # title hit, and comes first.
            title=["heading", "search_keys"],
            lead=["summary"],
            body=["body", "attachments_text"],
            html=["body"],
            visible=Document.objects.published,
            date_field="issued_on",
            label=_("Văn bản"),
            # Shown: the type and number once, the summary, and a snippet
            # from the text where the words are (the summary when none is).
            display_title=["heading"],
            result_template="documents/includes/_search_result.html",
            snippet_parts=["body"],
            snippet_fallback=False,
            cleaners={"body": search_text, "attachments_text": search_text},
        )
