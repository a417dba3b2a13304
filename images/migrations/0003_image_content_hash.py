"""Each photo's SHA-256, so an upload of a file the library holds already is noticed."""

import hashlib

from django.db import migrations, models

BATCH = 200


def file_hash(field_file):
    """The SHA-256 of a stored file, read in chunks (``images.uploads.digest``, frozen here).

    A file missing from storage gets none ("") and is simply never matched.
    """
    sha = hashlib.sha256()
    try:
        with field_file.open("rb") as stored:
            for chunk in stored.chunks():
                sha.update(chunk)
    except OSError:
        return ""
    return sha.hexdigest()


def fill_content_hash(apps, schema_editor):
    Image = apps.get_model("images", "Image")
    db = schema_editor.connection.alias
    batch = []
    # With its dimensions loaded: an ImageField whose width and height are
    # deferred opens the file on load to measure it (a missing file would fail).
    rows = Image.objects.using(db).only("pk", "file", "width", "height")
    for image in rows.iterator(chunk_size=BATCH):
        if not image.file:
            continue
        image.content_hash = file_hash(image.file)
        batch.append(image)
        if len(batch) == BATCH:
            Image.objects.using(db).bulk_update(batch, ["content_hash"])
            batch = []
    Image.objects.using(db).bulk_update(batch, ["content_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0002_image_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="content_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="mã băm nội dung",
            ),
        ),
        migrations.RunPython(fill_content_hash, migrations.RunPython.noop, elidable=True),
    ]
