"""Every write on people: profile and joining (``people``), a person's data (``privacy``), the retention
rule (``retention``). Callers use ``twinning.accounts.services.<name>``."""

from .notices import notify
from .people import (
    COMPANY_STAFF_EXPLANATION,
    DecisionError,
    JoinIncomplete,
    ProfileChange,
    RoleNotEligible,
    community_role_choose,
    language_set,
    notification_preferences_set,
    people_reject,
    people_validate,
    person_seen,
    profile_update,
    school_attach,
    school_detach,
    school_propose_and_attach,
    validation_request,
)
from .privacy import (
    EXPORT_FORMAT,
    MAX_DAYS,
    MIN_INACTIVE_DAYS,
    RetentionPolicyInvalid,
    account_erase,
    data_export,
    erased_email,
    retention_policy_problems,
    retention_policy_update,
)
from .retention import run_retention

__all__ = [
    "notify",
    "COMPANY_STAFF_EXPLANATION",
    "EXPORT_FORMAT",
    "MAX_DAYS",
    "MIN_INACTIVE_DAYS",
    "DecisionError",
    "JoinIncomplete",
    "ProfileChange",
    "RetentionPolicyInvalid",
    "RoleNotEligible",
    "account_erase",
    "community_role_choose",
    "language_set",
    "notification_preferences_set",
    "data_export",
    "erased_email",
    "people_reject",
    "people_validate",
    "person_seen",
    "profile_update",
    "retention_policy_problems",
    "retention_policy_update",
    "run_retention",
    "school_attach",
    "school_detach",
    "school_propose_and_attach",
    "validation_request",
]
