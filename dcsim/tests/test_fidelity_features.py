"""v3 features as ApplinksFeatureResource and DefaultApplinksFeatureService decide them (issue 14).

Written against the dcsim before the correction; they failed there.
"""

import pytest

FEATURES = "/rest/applinks/3.0/features"


@pytest.fixture(scope="module")
def inst(start_instance):
    return start_instance("jira", name="features-jira")


def test_get_is_anonymous_and_false_for_an_anonymous_caller(inst):
    """The resource is @AnonymousAllowed; isEnabled answers false when there is no remote user."""
    r = inst.client(auth=None).get(f"{FEATURES}/V4_UI")
    assert r.status_code == 200 and r.json() == {"V4_UI": False}
    assert inst.client().get(f"{FEATURES}/V4_UI").json() == {"V4_UI": True}


def test_system_feature_defaults(inst):
    """ApplinksFeatures: BITBUCKET_REBRAND, V3_UI and V4_UI on, ONE_WAY_APPLINKS off, TEST_NON_SYSTEM off."""
    c = inst.client()
    got = {name: c.get(f"{FEATURES}/{name}").json()[name]
           for name in ("BITBUCKET_REBRAND", "ONE_WAY_APPLINKS", "V3_UI", "V4_UI", "TEST_NON_SYSTEM")}
    assert got == {"BITBUCKET_REBRAND": True, "ONE_WAY_APPLINKS": False, "V3_UI": True, "V4_UI": True,
                   "TEST_NON_SYSTEM": False}


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_system_features_cannot_be_changed_by_anyone(inst, method):
    """validateNoSystemFeatures runs before the permission check: SystemFeatureException (an
    InvalidArgumentException) is a 400, for a system administrator too."""
    c = inst.client()
    for who in (c, inst.client(auth=None)):
        r = who.request(method, f"{FEATURES}/V4_UI")
        assert r.status_code == 400 and r.json()["status"] == 400
    assert c.get(f"{FEATURES}/V4_UI").json() == {"V4_UI": True}


def test_unknown_feature_is_a_400_naming_the_parameter(inst):
    """RestEnumParser: 400 with the context "feature"."""
    r = inst.client().get(f"{FEATURES}/NOPE")
    assert r.status_code == 400 and r.json()["errors"][0]["context"] == "feature"


def test_the_non_system_feature_needs_a_system_administrator(inst):
    """validateSysadmin: 401 anonymous, 403 administrator; the PUT echoes the name as given in the path."""
    assert inst.client(auth=None).put(f"{FEATURES}/TEST_NON_SYSTEM").status_code == 401
    assert inst.client(auth=("manager", "manager")).put(f"{FEATURES}/TEST_NON_SYSTEM").status_code == 403
    c = inst.client()
    r = c.put(f"{FEATURES}/test_non_system")
    assert r.status_code == 200 and r.json() == {"test_non_system": True}
    assert c.delete(f"{FEATURES}/TEST_NON_SYSTEM").status_code == 204
    assert c.get(f"{FEATURES}/TEST_NON_SYSTEM").json() == {"TEST_NON_SYSTEM": False}
