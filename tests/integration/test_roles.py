"""The two_way_link role through playbooks/link_products.yml: the lifecycle of one pair (failures half-way,
a lost response, check mode with a personal access token, a rotation under -vvv, removal, bad input).

Every host of the play manages only its own product, in phases. Meshes: test_two_way_mesh*.py; the broken
states of issue 7: test_two_way_secrets.py and test_two_way_identity.py; helpers: two_way_support.py
(write_inventory is imported from here by test_playbooks.py).
"""

import pytest

from two_way_support import (  # noqa: F401 pylint: disable=unused-import
    LINK_PRODUCTS, Instances, assert_linked, assert_no_secret, assert_works, client_secrets, clear_logs,
    link_results, oauth2_objects, total_changed, write_inventory)

PAIR = ("confluence", "jira")
PAIRS = {"applinks_pairs": [list(PAIR)]}
PASSWORD = "Adm1n-pw-never-printed"
USER = ("linkadmin", PASSWORD)


@pytest.fixture
def fresh_pair(tmp_path_factory, ca_dir, request):
    """A Confluence and a Jira for one test, and the inventory of both."""
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    tag = request.node.name.replace("[", "-").replace("]", "").replace(" ", "-")[:40]
    instances = pool.products(PAIR, tag)
    yield instances, write_inventory(tmp_path_factory.mktemp("inventory") / "hosts.yml", instances)
    pool.stop_all()


@pytest.fixture(scope="module")
def shared_pair(tmp_path_factory, ca_dir):
    """A Confluence and a Jira with a custom administrator, shared by the tests that leave them consistent."""
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    instances = pool.products(PAIR, "roles-shared", extra_args=("--user", f"linkadmin:{PASSWORD}:sysadmin"))
    yield instances, write_inventory(tmp_path_factory.mktemp("inventory") / "hosts.yml", instances, user=USER)
    pool.stop_all()


@pytest.mark.parametrize("fault, method_path, phase", [
    ("incoming client", ("POST", "/rest/oauth2/latest/client"), "provider"),
    ("outgoing config", ("POST", "/rest/oauth2-client/latest/config"), "consumer"),
])
def test_interrupted_run_converges_on_rerun(fresh_pair, run_playbook, fault, method_path, phase):
    """A 500 from Jira in phase 2 (its incoming link) or 3 (its outgoing link): re-running converges, no duplicate."""
    instances, inventory = fresh_pair
    method, path = method_path
    instances["jira"].client().faults([{"path_prefix": path, "method": method, "status": 500, "count": 1}])
    broken = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert broken.rc != 0 and "HTTP 500" in broken.output, broken.output[-3000:]
    assert broken.failed("jira") == 1 and broken.failed("confluence") == 0
    # Confluence completed its phases: its incoming link for Jira exists in both cases.
    assert [c["name"] for c in oauth2_objects(instances["confluence"])[0]] == ["Jira"]
    if phase == "provider":  # Jira issued no credentials, so Confluence left its outgoing link to Jira alone
        assert oauth2_objects(instances["confluence"])[1] == []
        assert "Jira (jira) did not complete phase 2 (incoming links)" in broken.output

    rerun = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert rerun.rc == 0, rerun.output[-3000:]
    assert_linked(instances, [PAIR])
    assert_works(instances, [PAIR])
    # The half-made link is reported as what was missing, nothing as a mismatch (the objects made agree).
    found = [p for host in PAIR for row in link_results(rerun, host) for p in row["problems_found"]]
    assert found and all(": no " in p for p in found), found


def test_lost_response_is_recovered_in_the_same_run(fresh_pair, run_playbook):
    """Jira creates the outgoing config but the answer is lost: the module finds it by name, no duplicate."""
    instances, inventory = fresh_pair
    instances["jira"].client().faults([{"path_prefix": "/rest/oauth2-client/latest/config", "method": "POST",
                                        "action": "drop_after", "count": 1}])
    result = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert result.rc == 0, result.output[-3000:]
    assert_linked(instances, [PAIR])
    assert_works(instances, [PAIR])


def test_check_mode_writes_nothing_with_a_personal_access_token(fresh_pair, run_playbook, tmp_path):
    """Jira authenticates with a token (applinks_token wins over the inventory's username/password)."""
    instances = fresh_pair[0]
    token = instances["jira"].pat()
    inventory = write_inventory(tmp_path / "hosts.yml", instances, extra={"jira": {"applinks_token": token}})
    clear_logs(instances)
    result = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory, check=True)
    assert result.rc == 0, result.output[-3000:]
    assert total_changed(result) == 4  # phases 2 and 3 on each product
    for host in PAIR:
        [row] = link_results(result, host)
        assert row["changed"] and row["problems_found"] == [] and len(row["changes"]) == 2
    for instance in instances.values():
        assert instance.client().writes() == []
    assert token not in result.output


def test_bad_role_input_fails_before_any_write(shared_pair, run_playbook, tmp_path):
    instances, inventory = shared_pair
    clear_logs(instances, USER)
    unknown = run_playbook(LINK_PRODUCTS, {"applinks_pairs": [["confluence", "nowhere"]]}, inventory=inventory)
    assert unknown.rc != 0 and "nowhere is not an inventory host" in unknown.output
    bad_auth = run_playbook(LINK_PRODUCTS, dict(PAIRS, two_way_link_auth="basic"), inventory=inventory)
    assert bad_auth.rc != 0 and "two_way_link_auth" in bad_auth.output
    # Extra vars win over the playbook's per-host peers: both hosts get [jira].
    lopsided = run_playbook(LINK_PRODUCTS, dict(PAIRS, two_way_link_peers=["jira"]), inventory=inventory)
    assert lopsided.rc != 0
    output = " ".join(lopsided.output.split())
    assert "two_way_link_peers of jira lists the host itself" in output
    assert "confluence lists jira as a peer, but jira does not list confluence" in output
    no_password = write_inventory(tmp_path / "hosts.yml", instances, user=(USER[0], None))
    missing = run_playbook(LINK_PRODUCTS, PAIRS, inventory=no_password)
    assert missing.rc != 0 and "set applinks_token (a personal access token), or applinks_username and " \
        "applinks_password, for confluence" in " ".join(missing.output.split())
    for instance in instances.values():
        assert instance.client(USER).writes() == []


def test_rotation_under_vvv_prints_no_secret(shared_pair, run_playbook):
    """-vvv and --diff output of a first run and a rotation carry neither the password nor any client secret."""
    instances, inventory = shared_pair
    first = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory, verbosity=3, diff=True)
    assert first.rc == 0, first.output[-3000:]
    secrets = client_secrets(instances, USER)
    rotated = run_playbook(LINK_PRODUCTS, dict(PAIRS, two_way_link_rotate_secret=True), inventory=inventory,
                           verbosity=3, diff=True)
    assert rotated.rc == 0, rotated.output[-3000:]
    assert total_changed(rotated) == 4  # both secrets reset, both outgoing links updated
    secrets += client_secrets(instances, USER)
    assert len(set(secrets)) == 4  # 2 initial + 2 rotated
    assert_no_secret(first.output + rotated.output, secrets + [PASSWORD])
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in rotated.output  # the modules did see the password
    assert_linked(instances, [PAIR], user=USER)


def test_absent_removes_both_directions(shared_pair, run_playbook):
    instances, inventory = shared_pair
    assert run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory).rc == 0
    gone = run_playbook(LINK_PRODUCTS, dict(PAIRS, two_way_link_state="absent"), inventory=inventory)
    assert gone.rc == 0, gone.output[-3000:]
    for instance in instances.values():
        assert oauth2_objects(instance, USER) == ([], [])
    assert all(row["summary"].endswith("link removed (changed)") for host in PAIR for row in link_results(gone, host))
    again = run_playbook(LINK_PRODUCTS, dict(PAIRS, two_way_link_state="absent"), inventory=inventory)
    assert again.rc == 0 and total_changed(again) == 0
