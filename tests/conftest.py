import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from core.roles import ADMINISTRATOR, EDITOR, PUBLISHER, role_group


def pytest_configure(config):
    """Passwords hashed in a blink: the PBKDF2 rounds that make a stolen hash slow to crack
    would cost each user a test creates, and each sign-in, a good part of a second. The app
    servers some tests start in processes of their own keep the site's setting."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its uploads to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def second_factor_not_required(settings):
    """As on a developer's laptop; the tests of two-factor sign-in turn it on themselves."""
    settings.REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """A request to a French or Arabic page leaves its language active in the thread: each
    test starts again in English, as a fresh process would."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's database starts again from the same record version: so must the caches
    (and the throttles' counts start again)."""
    for alias in ("default", "durable"):
        caches[alias].clear()
    yield
    for alias in ("default", "durable"):
        caches[alias].clear()


def staff_member(django_user_model, username, role):
    """A staff member in one role's group: not a superuser."""
    user = django_user_model.objects.create_user(
        username=username, password="a-long-test-password", is_staff=True
    )
    user.groups.add(role_group(role))
    return user


@pytest.fixture
def secretariat_user(django_user_model):
    """A publisher: the role the secretariat's staff had before there were roles."""
    return staff_member(django_user_model, "publisher", PUBLISHER)


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def editor_user(django_user_model):
    return staff_member(django_user_model, "editor", EDITOR)


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def publisher_client(secretariat_client):
    return secretariat_client


@pytest.fixture
def administrator_user(django_user_model):
    return staff_member(django_user_model, "administrator", ADMINISTRATOR)


@pytest.fixture
def administrator_client(client, administrator_user):
    client.force_login(administrator_user)
    return client
