"""Image and Rendition move here from news, keeping their tables (news_image, news_rendition).

State only: no row or file is copied. The content types are renamed rather
than created anew, so the admin log and the roles' permissions follow.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import images.models

MODELS = ("image", "rendition")


def move_content_types(apps, schema_editor, old="news", new="images"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="images", new="news")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0004_article_cat_public_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Image",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("file", models.ImageField(height_field="height", upload_to=images.models.image_upload_to, verbose_name="tệp ảnh", width_field="width")),
                        ("title", models.CharField(max_length=255, verbose_name="tiêu đề")),
                        ("alt_text", models.CharField(help_text="Mô tả nội dung ảnh cho người khiếm thị. Bắt buộc.", max_length=255, verbose_name="mô tả thay thế (alt)")),
                        ("caption", models.TextField(blank=True, verbose_name="chú thích ảnh")),
                        ("credit", models.CharField(blank=True, max_length=255, verbose_name="tác giả ảnh")),
                        ("width", models.PositiveIntegerField(default=0, editable=False, verbose_name="chiều rộng")),
                        ("height", models.PositiveIntegerField(default=0, editable=False, verbose_name="chiều cao")),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="thời điểm tải lên")),
                        ("uploaded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người tải lên")),
                    ],
                    options={
                        "verbose_name": "ảnh",
                        "verbose_name_plural": "thư viện ảnh",
                        "db_table": "news_image",
                        "ordering": ["-uploaded_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Rendition",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("width", models.PositiveIntegerField()),
                        ("height", models.PositiveIntegerField()),
                        ("format", models.CharField(choices=[("webp", "WebP"), ("jpeg", "JPEG")], max_length=8)),
                        ("file", models.ImageField(height_field="height", upload_to="renditions/%Y/%m/", width_field="width")),
                        ("image", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="renditions", to="images.image")),
                    ],
                    options={
                        "verbose_name": "bản thu nhỏ",
                        "verbose_name_plural": "bản thu nhỏ",
                        "db_table": "news_rendition",
                        "constraints": [models.UniqueConstraint(fields=("image", "width", "format"), name="unique_rendition_per_size")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
