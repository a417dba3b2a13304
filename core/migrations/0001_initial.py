"""SiteSettings moves here from news, keeping its table (news_sitesettings).

State only: no row is copied. The content type is renamed rather than
created anew, so the admin log and permissions that point at it follow.
"""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="core", model="sitesettings").exists():
        ContentType.objects.using(db).filter(app_label="news", model="sitesettings").update(
            app_label="core"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="news", model="sitesettings").exists():
        ContentType.objects.using(db).filter(app_label="core", model="sitesettings").update(
            app_label="news"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0004_article_cat_public_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(default="Cổng thông tin điện tử Thành ủy Lạng Sơn", max_length=255, verbose_name="tên cổng thông tin")),
                        ("short_name", models.CharField(default="Thành ủy Lạng Sơn", max_length=120, verbose_name="tên ngắn")),
                        ("organisation", models.CharField(default="Thành ủy Lạng Sơn", max_length=255, verbose_name="cơ quan chủ quản")),
                        ("address", models.CharField(default="Số 1 đường Hoàng Văn Thụ, phường Chi Lăng, thành phố Lạng Sơn, tỉnh Lạng Sơn", max_length=255, verbose_name="địa chỉ")),
                        ("phone", models.CharField(default="0205 3812 345", max_length=60, verbose_name="điện thoại")),
                        ("email", models.EmailField(default="thanhuy@langson.gov.vn", max_length=254, verbose_name="thư điện tử")),
                        ("responsible_officer", models.CharField(default="Trưởng Ban Tuyên giáo Thành ủy", max_length=255, verbose_name="người chịu trách nhiệm")),
                        ("licence", models.CharField(blank=True, help_text="Số giấy phép thiết lập trang.", max_length=255, verbose_name="giấy phép")),
                        ("description", models.TextField(blank=True, verbose_name="giới thiệu")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "thông tin cổng",
                        "verbose_name_plural": "thông tin cổng",
                        "db_table": "news_sitesettings",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
