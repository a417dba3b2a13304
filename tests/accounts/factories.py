import factory

from accounts.models import User

PASSWORD = "mat-khau-rat-dai-123"  # every factory user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"Phóng viên {n}")
    password = factory.django.Password(PASSWORD)
    is_staff = True
