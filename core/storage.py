"""Files that only the app serves: under PORTAL_PRIVATE_ROOT, never MEDIA_ROOT.

Everything under MEDIA_ROOT is served at /media/ to anyone (by nginx in
production). A document's attachment must not be: a draft or an internal
document's file would be one guessed address away. These files are read only
by views that check who may see them (documents' download view), and backed
up with the media (ops/backup.py).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateFileStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PORTAL_PRIVATE_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PORTAL_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public address; serve them through a view.")
