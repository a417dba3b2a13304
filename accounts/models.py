from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A newsroom user. ``display_name`` is the default byline of their articles."""

    display_name = models.CharField(
        _("tên hiển thị"),
        max_length=150,
        blank=True,
        help_text=_("Dùng làm bút danh mặc định khi ký bài, ví dụ “Thanh Huệ”."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.byline_name

    @property
    def byline_name(self):
        return self.display_name or self.get_full_name() or self.get_username()
