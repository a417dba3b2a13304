import time

import pytest
from django.core.cache import caches

from core.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db


def redis_cache(settings, location):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "redis": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{time.time_ns()}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    ResilientRedisCache._down_until = 0.0
    return caches["redis"]


def test_real_redis_round_trip(settings):
    cache = redis_cache(settings, "redis://127.0.0.1:6379/0")
    cache.set("ban-tin", {"tieu_de": "Dân vận"}, 30)
    assert cache.get("ban-tin") == {"tieu_de": "Dân vận"}
    assert cache.get_many(["ban-tin"]) == {"ban-tin": {"tieu_de": "Dân vận"}}
    cache.delete("ban-tin")
    assert cache.get("ban-tin") is None


def test_unreachable_redis_is_a_miss_not_an_error(settings):
    cache = redis_cache(settings, "redis://127.0.0.1:1/0")  # nothing listens there
    started = time.monotonic()
    cache.set("a", 1)
    assert cache.get("a", "mặc định") == "mặc định"
    assert cache.get_many(["a"]) == {}
    assert cache.add("a", 1) is False
    cache.delete("a")
    assert time.monotonic() - started < 2  # one short timeout, then no retries
