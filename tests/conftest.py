import pytest
from django.core.cache import cache

from khartoum.roles import secretariat_group


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its uploads to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's database starts again from the same record version: so must the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def secretariat_user(django_user_model):
    """A staff member of the Secretariat group: content permissions, not a superuser."""
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client
