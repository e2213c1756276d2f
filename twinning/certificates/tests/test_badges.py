"""The Open Badge: an OB 3.0 OpenBadgeCredential valid against 1EdTech's published JSON schema, signed as a
VC-JWT whose signature verifies with the key read from the published JWKS (and fails if one byte changes)."""

import base64
import json
from pathlib import Path

import jsonschema
import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet

from twinning.certificates import badges

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent / "schema" / "ob_v3p0_achievementcredential_schema.json"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_the_credential_validates_against_the_ob30_schema(issued):
    schema = json.loads(SCHEMA.read_text())
    assert schema["$schema"].startswith("https://json-schema.org/draft/2019-09/")
    vc = badges.payload(issued.badge)["vc"]
    jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker()).validate(vc)
    assert vc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert "OpenBadgeCredential" in vc["type"] and vc["issuer"]["id"] == "https://twinning.example/credentials/issuer"
    achievement = vc["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Course" and achievement["name"] == "Digital tools in class"
    assert vc["id"] == f"https://twinning.example/verify/{issued.code}"


def test_the_holder_is_identified_by_a_salted_hash_never_the_address(issued, holder):
    token = issued.badge
    assert holder.email not in json.dumps(badges.payload(token))
    identity = badges.payload(token)["vc"]["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"
    assert identity["identityHash"] == badges.identity_hash(holder.email, identity["salt"])
    # the spec's own example: sha256 of "a@example.com" salted with "Kosher"
    assert badges.identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )


def test_the_signature_verifies_with_the_published_jwks_and_fails_when_a_byte_changes(client, issued):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    published = response.json()
    assert all("d" not in key and "p" not in key for key in published["keys"])  # public keys only
    key_set = KeySet.import_key_set(published)

    header = json.loads(_unb64(issued.badge.split(".")[0]))
    assert header["alg"] == "RS256" and header["kid"] == published["keys"][0]["kid"]
    claims = jwt.decode(issued.badge, key_set, algorithms=["RS256"]).claims
    assert claims["iss"] == "https://twinning.example/credentials/issuer"
    assert claims["jti"] == claims["vc"]["id"] and claims["sub"] == claims["vc"]["credentialSubject"]["id"]
    assert claims["nbf"] == int(issued.issued_at.timestamp())

    head, body, signature = issued.badge.split(".")
    raw = bytearray(_unb64(body))
    raw[raw.index(b"Digital")] ^= 0x01  # one byte of the payload changes
    with pytest.raises(BadSignatureError):
        jwt.decode(f"{head}.{_b64(bytes(raw))}.{signature}", key_set, algorithms=["RS256"])


def test_the_issuer_profile_is_published(client):
    response = client.get("/credentials/issuer")
    assert response.status_code == 200
    profile = response.json()
    assert profile["id"] == "https://twinning.example/credentials/issuer" and profile["type"] == ["Profile"]


def test_a_retired_key_stays_published(settings, tmp_path, issued):
    from twinning.certificates import keys

    old = keys.jwks()["keys"][0]["kid"]
    settings.OPEN_BADGES_RETIRED_KEY_FILES = [settings.OPEN_BADGES_KEY_FILE]
    settings.OPEN_BADGES_KEY_FILE = str(tmp_path / "new-key.pem")
    published = [k["kid"] for k in keys.jwks()["keys"]]
    assert published[1] == old and published[0] != old
    assert badges.verify(issued.badge)["jti"].endswith(issued.code)  # signed with the old key, still verifies
    assert (tmp_path / "new-key.pem").stat().st_mode & 0o077 == 0  # the new key is readable by its owner only
