"""Send-back notes still open on items published since: resolved (issue 17).

An editor who sent an item back and then published it as it was left the
note open, and every staff user who opened the published item read an
internal remark. Publishing now resolves the note (workflow.transition);
this does the same for the items published before.
"""

from django.db import migrations
from django.utils import timezone


def resolve(apps, schema_editor):
    ReviewNote = apps.get_model("editorial", "ReviewNote")
    ContentType = apps.get_model("contenttypes", "ContentType")
    now = timezone.now()
    for type_id in ReviewNote.objects.filter(resolved_at__isnull=True).values_list(
        "content_type", flat=True
    ).distinct():
        kind = ContentType.objects.get(pk=type_id)
        try:
            # On an upgrade every content app's state is there; on a fresh
            # database there is no note to resolve.
            model = apps.get_model(kind.app_label, kind.model)
        except LookupError:
            continue
        published = model._base_manager.filter(status="published").values_list("pk", flat=True)
        ReviewNote.objects.filter(
            content_type_id=type_id, resolved_at__isnull=True, object_id__in=list(published)
        ).update(resolved_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_autosave_tab"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(resolve, migrations.RunPython.noop)]
