"""Documents' file text for search, written again without each file's letterhead.

``Document.save()`` now leaves the letterhead and signature block out of
``attachments_text`` (``documents/letterhead.py``); rows saved before keep
them until this rewrites them. Only that column changes (PostgreSQL's search
trigger recomputes the row's vectors); the files' own text is untouched.
"""

from django.db import migrations

from documents.letterhead import files_search_text


def forwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Attachment = apps.get_model("documents", "Attachment")
    for pk, summary, current in Document.objects.values_list("pk", "summary", "attachments_text"):
        texts = Attachment.objects.filter(document_id=pk).order_by("order", "pk").values_list("text", flat=True)
        text = files_search_text(texts, summary)
        if text != current:
            Document.objects.filter(pk=pk).update(attachments_text=text)


class Migration(migrations.Migration):
    dependencies = [("documents", "0007_places_follow_issuers")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
