"""Passwords are stored with Argon2id; those stored with PBKDF2 still work and move to Argon2id."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from twinning import settings as production

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the test suite uses a fast one


def test_new_passwords_are_argon2id_with_the_owasp_parameters(real_hashers):
    encoded = make_password("a long pass phrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("a long pass phrase", encoded)
    assert not check_password("another one", encoded)


def test_a_pbkdf2_password_still_signs_in_and_is_stored_again_with_argon2id(real_hashers, greece):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from twinning.accounts.tests.factories import teacher

    person = teacher(country=greece)
    person.password = PBKDF2PasswordHasher().encode("old password", PBKDF2PasswordHasher().salt(), iterations=1000)
    person.save(update_fields=["password"])
    assert person.check_password("old password")
    person.refresh_from_db()
    assert identify_hasher(person.password).algorithm == "argon2"
    assert "argon2id" in person.password and person.check_password("old password")
