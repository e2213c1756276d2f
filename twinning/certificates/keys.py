"""The RSA key that signs Open Badges, and the public keys published as a JWKS.

The key is a PEM file named by ``OPEN_BADGES_KEY_FILE`` (default: ``var/open-badges-key.pem``). If the file
does not exist it is generated (2048-bit RSA) and written with mode 0600: in development and tests this
is all there is; in production set the path to a file on storage every worker shares (or create it once and
distribute it), see docs/certificates.md. Retired keys (``OPEN_BADGES_RETIRED_KEY_FILES``) sign nothing but
stay in the JWKS so that badges signed with them still verify.

Keys are read once per process (per path): signing then costs only the RSA operation.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"
_lock = threading.Lock()
_cache: dict[str, RSAKey] = {}


def _load(path: str, *, create: bool) -> RSAKey:
    with _lock:
        key = _cache.get(path)
        if key is not None:
            return key
        file = Path(path)
        if not file.exists():
            if not create:
                raise FileNotFoundError(path)
            _generate(file)
        key = RSAKey.import_key(file.read_bytes())
        key.ensure_kid()  # the RFC 7638 thumbprint: stable for a key, different for the next one
        _cache[path] = key
        return key


def _generate(file: Path) -> None:
    """Write a new key atomically; if another process wrote one first, theirs stays."""
    file.parent.mkdir(parents=True, exist_ok=True)
    pem = RSAKey.generate_key(2048, private=True).as_pem(private=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".open-badges-key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        with contextlib.suppress(FileExistsError):  # another process wrote one first: theirs stays
            os.link(tmp, file)  # never overwrites, and no half-written key is ever read
    finally:
        os.unlink(tmp)


def signing_key() -> RSAKey:
    return _load(str(settings.OPEN_BADGES_KEY_FILE), create=True)


def public_keys() -> list[RSAKey]:
    keys = [signing_key()]
    for path in getattr(settings, "OPEN_BADGES_RETIRED_KEY_FILES", []) or []:
        try:
            keys.append(_load(str(path), create=False))
        except (FileNotFoundError, ValueError):
            continue
    return keys


def jwks() -> dict:
    """The public keys only (no private parameters), as a JSON Web Key Set."""
    return {"keys": [key.as_dict(private=False, use="sig", alg=ALGORITHM) for key in public_keys()]}


def key_set() -> KeySet:
    return KeySet.import_key_set(jwks())


def forget() -> None:
    """Drop the keys read so far (tests change the key file)."""
    with _lock:
        _cache.clear()
