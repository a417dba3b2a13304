"""The admin role loses auth.add/change/delete_group (see accounts/roles.py).

Databases migrated before got those permissions from 0002; syncing the roles
again gives every existing database the roles as the code now defines them.
"""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from accounts.roles import sync_roles_in_migration

    sync_roles_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("news", "0004_article_cat_public_idx"),
    ]

    # Going back leaves the roles as they are: fewer rights is the safe side.
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
