"""The demo committee is the Tỉnh ủy: since 07/2025 there is no city level.

New installations take their name from PORTAL_NAME and PORTAL_SHORT_NAME. A
settings row that still holds the old Thành ủy defaults, field by field, was
never named by anyone: it gets the new ones. A field someone edited is kept.
"""

import core.models
from django.db import migrations, models


OLD_DEFAULTS = {
    "name": "Cổng thông tin điện tử Thành ủy Lạng Sơn",
    "short_name": "Thành ủy Lạng Sơn",
    "organisation": "Thành ủy Lạng Sơn",
    "address": "Số 1 đường Hoàng Văn Thụ, phường Chi Lăng, thành phố Lạng Sơn, tỉnh Lạng Sơn",
    "email": "thanhuy@langson.gov.vn",
    "responsible_officer": "Trưởng Ban Tuyên giáo Thành ủy",
}


def new_defaults():
    """What each field of OLD_DEFAULTS becomes (also read by .ci/upgrade_probe.py)."""
    return {
        "name": core.models.default_name(),
        "short_name": core.models.default_short_name(),
        "organisation": core.models.default_short_name(),
        "address": "Số 2 đường Hùng Vương, phường Lương Văn Tri, tỉnh Lạng Sơn",
        "email": "tinhuy@langson.gov.vn",
        "responsible_officer": "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
    }


def renamed(row):
    """``row`` (field -> value) as this migration leaves it."""
    new = new_defaults()
    return {**row, **{f: new[f] for f, old in OLD_DEFAULTS.items() if row.get(f) == old}}


def rename_unedited(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    new = new_defaults()
    db = schema_editor.connection.alias
    for field, old in OLD_DEFAULTS.items():
        SiteSettings.objects.using(db).filter(**{field: old}).update(**{field: new[field]})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='sitesettings',
            name='address',
            field=models.CharField(default='Số 2 đường Hùng Vương, phường Lương Văn Tri, tỉnh Lạng Sơn', max_length=255, verbose_name='địa chỉ'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='email',
            field=models.EmailField(default='tinhuy@langson.gov.vn', max_length=254, verbose_name='thư điện tử'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='name',
            field=models.CharField(default=core.models.default_name, max_length=255, verbose_name='tên cổng thông tin'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='organisation',
            field=models.CharField(default=core.models.default_short_name, max_length=255, verbose_name='cơ quan chủ quản'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='responsible_officer',
            field=models.CharField(default='Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy', max_length=255, verbose_name='người chịu trách nhiệm'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='short_name',
            field=models.CharField(default=core.models.default_short_name, max_length=120, verbose_name='tên ngắn'),
        ),
        migrations.RunPython(rename_unedited, migrations.RunPython.noop),
    ]
