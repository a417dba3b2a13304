"""Whether an attachment's text is all of it (documents/filecheck/text.py).

Files stored before were read whole or not at all: a DOC has no text taken
out, a PDF without text is a scan.
"""

from django.db import migrations, models


def mark_existing(apps, schema_editor):
    Attachment = apps.get_model("documents", "Attachment")
    Attachment.objects.filter(kind="doc").update(text_state="none", text_note="format")
    Attachment.objects.exclude(kind="doc").filter(text="").update(
        text_state="none", text_note="scanned"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_document_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='text_note',
            field=models.CharField(blank=True, default='', editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name='attachment',
            name='text_state',
            field=models.CharField(choices=[('full', 'Đầy đủ'), ('partial', 'Một phần'), ('none', 'Không có')], default='full', editable=False, max_length=10, verbose_name='chữ trích từ tệp'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='original_name',
            field=models.CharField(blank=True, help_text='Tên khi tải về; để trống để lấy tên tệp tải lên. Đuôi tệp luôn theo định dạng thật của tệp.', max_length=255, verbose_name='tên tệp gốc'),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]
