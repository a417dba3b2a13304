"""Image and Rendition now live in images, SiteSettings in core (see their 0001).

State only: the tables stay where they are, and so does the foreign key from
news_article.cover_image_id to news_image. Article takes its workflow
permissions from editorial.Publishable (default_permissions).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("images", "0001_initial"),
        ("news", "0004_article_cat_public_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="cover_image",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="cover_of", to="images.image", verbose_name="ảnh đại diện"),
                ),
                migrations.RemoveField(model_name="image", name="uploaded_by"),
                migrations.RemoveField(model_name="rendition", name="image"),
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="Image"),
                migrations.DeleteModel(name="Rendition"),
            ],
            database_operations=[],
        ),
        migrations.AlterModelOptions(
            name="article",
            options={
                "default_permissions": ("add", "change", "delete", "view", "publish", "edit_any", "purge"),
                "ordering": ["-published_at", "-pk"],
                "verbose_name": "bài viết",
                "verbose_name_plural": "bài viết",
            },
        ),
    ]
