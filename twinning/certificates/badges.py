"""Open Badges 3.0: each certificate as an ``OpenBadgeCredential`` signed as a VC-JWT (JWS compact, RS256).

The credential follows the Verifiable Credentials 2.0 data model (``validFrom``); the JWT carries the OB 3.0
§8.2 claims: ``iss`` (the issuer profile's id), ``jti`` (the credential's id), ``nbf`` (validFrom), ``sub``
(the subject's id) and ``vc`` (the credential itself). The holder is identified by a salted SHA-256 hash of
their e-mail address (``identityHash``), never by the address itself.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from datetime import UTC, datetime, time

from django.conf import settings
from django.urls import reverse
from joserfc import jws, jwt

from . import keys
from .models import Certificate, Kind

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "Twinning — eTwinning community"
ACHIEVEMENT_TYPES = {
    Kind.COURSE: "Course",
    Kind.TUTORING: "CommunityService",  # a volunteer trainer's work in a course cycle
    Kind.EVENT: "LearningProgram",
    Kind.IMPORTED: "Course",
}
CRITERIA = {
    Kind.COURSE: "Completed the online course, meeting its completion requirements.",
    Kind.TUTORING: "Guided a group of learners as a volunteer trainer in a cycle of the online course.",
    Kind.EVENT: "Took part in the event.",
    Kind.IMPORTED: "Completed the online course (certificate issued by an earlier platform).",
}


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def issuer_id() -> str:
    return _site() + reverse("certificates_public:issuer")


def issuer_profile() -> dict:
    """The issuer's Profile, published at /credentials/issuer."""
    return {
        "@context": CONTEXTS,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": _site() or "/",
        "description": "Twinning, the platform of the eTwinning community run by the National Support Organisations.",
    }


def _iso(day) -> str:
    return datetime.combine(day, time.min, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash: "sha256$" + hex(sha256(identity + salt)), identity and salt in UTF-8."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def nso_name(certificate: Certificate, language: str = "en") -> str:
    country = certificate.country
    if country is None:
        return ""
    organisation = getattr(country, "support_organisation", None)
    if organisation is not None:
        return (organisation.name_el if language == "el" and organisation.name_el else organisation.name_en) or ""
    return country.name_el if language == "el" else country.name_en


def credential(certificate: Certificate, *, salt: str | None = None) -> dict:
    """The unsigned OpenBadgeCredential of ``certificate``."""
    verify_url = _site() + reverse("certificates_public:verify", args=[certificate.code])
    kind = Kind(certificate.kind)
    country_code = certificate.country.code if certificate.country else ""
    achievement_key = f"{certificate.kind}|{certificate.title_en}|{country_code}"
    hours = f"{certificate.hours.normalize():f}" if certificate.hours else "0"
    nso = nso_name(certificate)
    description = f"{certificate.title_en} ({hours} hours)"
    if nso:
        description += f", {nso}"
    subject: dict = {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, verify_url + '#subject')}",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, achievement_key)}",
            "type": ["Achievement"],
            "achievementType": ACHIEVEMENT_TYPES[kind],
            "name": certificate.title_en,
            "description": description,
            "criteria": {"narrative": CRITERIA[kind]},
        },
    }
    if certificate.holder_email:
        salt = salt if salt is not None else secrets.token_hex(8)
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(certificate.holder_email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ]
    if certificate.started_on:
        subject["activityStartDate"] = _iso(certificate.started_on)
    if certificate.ended_on:
        subject["activityEndDate"] = _iso(certificate.ended_on)
    issued = certificate.issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "@context": CONTEXTS,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title_en,
        "description": description,
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": issued,
        "credentialSubject": subject,
        "evidence": [
            {
                "id": verify_url,
                "type": ["Evidence"],
                "name": "Verification page",
                "description": "The certificate as the platform holds it now, including whether it has been revoked.",
            }
        ],
    }


def sign(certificate: Certificate) -> str:
    """The VC-JWT (compact JWS, RS256, ``kid`` in the header) of ``certificate``."""
    vc = credential(certificate)
    key = keys.signing_key()
    claims = {
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "sub": vc["credentialSubject"]["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(certificate.issued_at.timestamp()),
        "vc": vc,
    }
    header = {"alg": keys.ALGORITHM, "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=[keys.ALGORITHM])


def payload(token: str) -> dict:
    """The claims of a stored badge, read without checking the signature (it is the platform's own copy)."""
    return json.loads(jws.extract_compact(token.encode()).payload)


def verify(token: str, key_set=None) -> dict:
    """The claims of ``token`` if its signature verifies with ``key_set`` (default: the published keys)."""
    decoded = jwt.decode(token, key_set or keys.key_set(), algorithms=[keys.ALGORITHM])
    return dict(decoded.claims)
