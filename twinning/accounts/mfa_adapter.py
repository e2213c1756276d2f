"""TOTP secrets are stored encrypted (Fernet), with keys from the environment (MFA_ENCRYPTION_KEYS).

Without configured keys one is derived from SECRET_KEY, so development and tests need no set-up;
production sets its own keys (docs/operations.md). Several keys may be given: the first encrypts, all
decrypt, so keys can be rotated without voiding authenticators.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


def _derived_key() -> bytes:
    digest = hashlib.sha256(b"twinning.mfa.totp-secret:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet() -> MultiFernet:
    keys = [k.encode() for k in settings.MFA_ENCRYPTION_KEYS] or [_derived_key()]
    return MultiFernet([Fernet(k) for k in keys])


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting in ("MFA_ENCRYPTION_KEYS", "SECRET_KEY"):
        _fernet.cache_clear()


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()
