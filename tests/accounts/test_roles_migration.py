"""Migration 0003 takes group editing away from the admin role in existing databases."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.roles import ADMIN, ROLES

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]
GROUP_EDITING = ["add_group", "change_group", "delete_group"]


def admin_role_permissions():
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=ADMIN).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrating_an_existing_database_corrects_the_admin_role():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0002_roles")])
    # As 0002 left databases migrated before 0003: the admin role could edit groups.
    Group.objects.get(name=ADMIN).permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=GROUP_EDITING)
    )
    assert {"auth.add_group", "auth.change_group", "auth.delete_group"} <= admin_role_permissions()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert admin_role_permissions() == set(ROLES[ADMIN])
    assert "auth.change_group" not in admin_role_permissions()
