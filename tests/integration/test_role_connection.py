"""Both roles on a product host's own variables: every connection option of the modules arrives from its
applinks_<option> host variable, and the role's verdicts use the modules' normalizers (a scope written in another
order is the same scope)."""

import socket

import pytest

from conftest import REPO
from two_way_support import (LINK_PRODUCTS, Instances, assert_works, clear_logs, total_changed, write_inventory,
                             writes, requests_of)

PAIR = ("confluence", "jira")
PAIRS = {"applinks_pairs": [list(PAIR)]}
APPLICATION_LINKS = REPO / "playbooks" / "application_links.yml"
DECLARED = [{"kind": "oauth2_incoming", "name": "CI server", "redirect_uris": ["https://ci.example.com/cb"]}]


@pytest.fixture
def fresh_pair(tmp_path_factory, ca_dir, request):
    pool = Instances(tmp_path_factory.mktemp, ca_dir)
    instances = pool.products(PAIR, request.node.name[:40])
    yield instances
    pool.stop_all()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dead_proxy_env():
    url = "http://127.0.0.1:%d" % closed_port()
    return {"HTTPS_PROXY": url, "https_proxy": url, "NO_PROXY": "", "no_proxy": ""}


def test_a_scope_written_in_another_order_links_and_stays_linked(fresh_pair, run_playbook, tmp_path):
    """applinks_oauth2_scope "WRITE READ": the products store "READ WRITE"; the first run verifies and the second
    one changes nothing and writes nothing (no phase 2 again)."""
    scope = {host: {"applinks_oauth2_scope": "WRITE READ"} for host in PAIR}
    inventory = write_inventory(tmp_path / "hosts.yml", fresh_pair, extra=scope)
    first = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert first.rc == 0, first.output[-3000:]
    assert_works(fresh_pair, [PAIR])
    clear_logs(fresh_pair)
    again = run_playbook(LINK_PRODUCTS, PAIRS, inventory=inventory)
    assert again.rc == 0, again.output[-3000:]
    assert total_changed(again) == 0
    for instance in fresh_pair.values():
        assert writes(requests_of(instance)) == []


@pytest.mark.parametrize("playbook", ["link_products", "application_links"])
def test_a_bad_client_cert_fails_before_any_request_naming_the_host_variable(fresh_pair, run_playbook, tmp_path,
                                                                             playbook):
    extra = {"jira": {"applinks_client_cert": str(tmp_path / "missing-client.pem"), "application_links": DECLARED}}
    inventory = write_inventory(tmp_path / "hosts.yml", fresh_pair, extra=extra)
    clear_logs(fresh_pair)
    path, extra_vars = (LINK_PRODUCTS, PAIRS) if playbook == "link_products" else (APPLICATION_LINKS, {})
    result = run_playbook(path, extra_vars, inventory=inventory)
    assert result.rc != 0 and result.failed("jira") == 1, result.output[-3000:]
    assert "applinks_client_cert" in result.output and "file not found" in result.output, result.output[-3000:]
    assert requests_of(fresh_pair["jira"]) == []
    assert writes(requests_of(fresh_pair["confluence"])) == []


@pytest.mark.parametrize("playbook", ["link_products", "application_links"])
def test_use_proxy_false_ignores_a_dead_proxy(fresh_pair, run_playbook, tmp_path, playbook):
    extra = {host: {"applinks_use_proxy": False, "application_links": DECLARED} for host in PAIR}
    inventory = write_inventory(tmp_path / "hosts.yml", fresh_pair, extra=extra)
    path, extra_vars = (LINK_PRODUCTS, PAIRS) if playbook == "link_products" else (APPLICATION_LINKS, {})
    result = run_playbook(path, extra_vars, inventory=inventory, env=dead_proxy_env())
    assert result.rc == 0, result.output[-3000:]
    assert total_changed(result) > 0
