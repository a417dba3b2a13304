"""After every ``migrate``: permissions named in Vietnamese, roles as accounts/roles.py says."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate

from .permissions import name_permissions
from .roles import sync_roles


def after_migrate(sender, using="default", **kwargs):
    # Django creates each app's permissions in its own post_migrate, app by
    # app; make sure every app's exist before the roles take them.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    name_permissions(using)
    sync_roles()


def connect(app_config):
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid="accounts_after_migrate")
