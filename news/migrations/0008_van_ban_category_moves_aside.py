"""/van-ban/ is the document library now: a section that had that address moves aside.

Its articles stay where they are, in a section renamed "Tin văn bản" at
/tin-van-ban/ and left out of the menu (the menu has the document library). No
row is deleted; the system check (news/checks.py) would refuse the old slug.
"""

from django.db import migrations


def move_aside(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    db = schema_editor.connection.alias
    category = Category.objects.using(db).filter(slug="van-ban").first()
    if category is None:
        return
    slug, n = "tin-van-ban", 2
    while Category.objects.using(db).filter(slug=slug).exists():
        slug, n = f"tin-van-ban-{n}", n + 1
    category.slug = slug
    if category.name.strip().lower() == "văn bản":
        category.name = "Tin văn bản"
    category.show_in_menu = False
    category.save(update_fields=["slug", "name", "show_in_menu"])


class Migration(migrations.Migration):
    dependencies = [("news", "0007_article_related_documents")]
    operations = [migrations.RunPython(move_aside, migrations.RunPython.noop)]
