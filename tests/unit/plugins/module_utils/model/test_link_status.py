"""model/link_status.py: the one table of status types -> category -> remedy (ApplinkErrorType and
ApplinkErrorCategory of the applinks plugin)."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.link_status import (
    CATEGORIES, STATUS_TYPES, is_problem, status_label, status_of)

# ApplinkErrorType of applinks 9.1.4, each with its ApplinkErrorCategory.
PRODUCT_TYPES = {
    "UNKNOWN": "UNKNOWN", "NO_OUTGOING_AUTH": "INCOMPATIBLE", "REMOTE_VERSION_INCOMPATIBLE": "INCOMPATIBLE",
    "GENERIC_LINK": "NON_ATLASSIAN", "NON_ATLASSIAN": "NON_ATLASSIAN", "SYSTEM_LINK": "SYSTEM",
    "CONNECTION_REFUSED": "NETWORK_ERROR", "UNKNOWN_HOST": "NETWORK_ERROR", "SSL_UNTRUSTED": "NETWORK_ERROR",
    "SSL_HOSTNAME_UNMATCHED": "NETWORK_ERROR", "SSL_UNMATCHED": "NETWORK_ERROR", "OAUTH_PROBLEM": "NETWORK_ERROR",
    "OAUTH_TIMESTAMP_REFUSED": "NETWORK_ERROR", "OAUTH_SIGNATURE_INVALID": "NETWORK_ERROR",
    "UNEXPECTED_RESPONSE": "NETWORK_ERROR", "UNEXPECTED_RESPONSE_STATUS": "NETWORK_ERROR",
    "LOCAL_AUTH_TOKEN_REQUIRED": "ACCESS_ERROR", "REMOTE_AUTH_TOKEN_REQUIRED": "ACCESS_ERROR",
    "INSUFFICIENT_REMOTE_PERMISSION": "ACCESS_ERROR", "NO_REMOTE_APPLINK": "CONFIG_ERROR",
    "AUTH_LEVEL_MISMATCH": "CONFIG_ERROR", "AUTH_LEVEL_UNSUPPORTED": "DEPRECATED", "LEGACY_UPDATE": "DEPRECATED",
    "LEGACY_REMOVAL": "DEPRECATED", "MANUAL_LEGACY_UPDATE": "DEPRECATED", "MANUAL_LEGACY_REMOVAL": "DEPRECATED",
    "MANUAL_LEGACY_REMOVAL_WITH_OLD_EDIT": "DEPRECATED", "DISABLED": "DISABLED",
}


def test_every_type_of_the_product_has_its_category_and_a_remedy():
    assert dict((kind, entry[0]) for kind, entry in STATUS_TYPES.items()) == PRODUCT_TYPES
    assert set(PRODUCT_TYPES.values()) == set(CATEGORIES)
    assert all(len(entry[1]) > 20 for entry in STATUS_TYPES.values())  # a remedy in words


def test_status_of_a_working_link_has_no_remedy():
    assert status_of({"working": True}) == {"working": True, "category": None, "type": None, "remedy": None,
                                            "details": None}
    assert status_of(None) is None and status_label(None) is None


@pytest.mark.parametrize("error,label,problem", [
    ({"category": "DEPRECATED", "type": "AUTH_LEVEL_UNSUPPORTED"}, "DEPRECATED/AUTH_LEVEL_UNSUPPORTED", True),
    ({"category": "DISABLED", "type": "DISABLED"}, "DISABLED", True),
    ({"category": "CONFIG_ERROR", "type": "AUTH_LEVEL_MISMATCH"}, "CONFIG_ERROR/AUTH_LEVEL_MISMATCH", True),
    ({"category": "NON_ATLASSIAN", "type": "GENERIC_LINK"}, "Non-Atlassian", False),
    ({"category": "SYSTEM", "type": "SYSTEM_LINK"}, "SYSTEM/SYSTEM_LINK", False),
    ({"category": "NETWORK_ERROR", "type": "SOMETHING_NEW", "details": "x"}, "NETWORK_ERROR/SOMETHING_NEW", True),
    ({}, "UNKNOWN", True),
])
def test_status_of_errors(error, label, problem):
    found = status_of({"working": False, "error": error})
    assert status_label(found) == label
    assert is_problem(found) is problem
    assert found["remedy"]


def test_the_remedy_of_an_unsupported_level_names_the_level_to_set():
    assert "OAuth (3LO + 2LO) on both sides" in status_of(
        {"working": False, "error": {"type": "AUTH_LEVEL_UNSUPPORTED"}})["remedy"]
