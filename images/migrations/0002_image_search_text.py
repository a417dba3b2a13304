"""A folded copy of each photo's words, so the library's search ignores diacritics."""

from django.db import migrations, models

from core.text import fold

FIELDS = ("title", "caption", "credit", "alt_text")


def fill_search_text(apps, schema_editor):
    Image = apps.get_model("images", "Image")
    db = schema_editor.connection.alias
    batch = []
    for image in Image.objects.using(db).only("pk", *FIELDS).iterator(chunk_size=500):
        image.search_text = fold(" ".join(getattr(image, name) or "" for name in FIELDS))
        batch.append(image)
        if len(batch) == 500:
            Image.objects.using(db).bulk_update(batch, ["search_text"])
            batch = []
    Image.objects.using(db).bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
