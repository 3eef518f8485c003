"""plugins/filter/two_way_link.py through its public filters: the role's verdicts use the modules' normalizers,
and the connection of a product host carries every connection option."""

import base64
import copy
import hashlib

from ansible_collections.atlassian_dc.applinks.plugins.filter.two_way_link import FilterModule

FILTERS = FilterModule().filters()
C_BASE = "https://confluence.example.com/confluence"
J_BASE = "https://jira.example.com"


def redirect(client_base, provider_base):
    endpoint = provider_base + "/rest/oauth2/latest/authorize"
    digest = base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()
    return client_base + "/plugins/servlet/oauth2/client/callback/" + digest


def view(host, name, base, scope, incoming, outgoing):
    manifest = {"id": host + "-id", "name": name, "type": host, "url": base}

    def state(**lists):
        return copy.deepcopy(dict(lists, manifest=manifest, base_url=base))
    return {"host": host, "name": name, "type": host, "scope": scope,
            "read": {"state": state(incoming=incoming, outgoing=outgoing)},
            "provider": {"state": state(incoming=incoming, outgoing=outgoing), "state_before": state(incoming=incoming),
                         "results": [], "credentials": {}},
            "consumer": {"state": state(incoming=incoming, outgoing=outgoing), "results": []}}


def pair(declared_scope, stored_scope, requested_scopes):
    """Confluence and Jira linked both ways; each grants `declared_scope` (the role's variable, as written), stores
    it as `stored_scope` (as the product answers) and the peer's outgoing link requests `requested_scopes`."""
    def incoming(client_name, client_base, provider_base, client_id):
        return {"id": "inc-" + client_id, "name": client_name, "client_id": client_id, "scope": stored_scope,
                "redirect_uris": [redirect(client_base, provider_base)], "secret_fingerprint": "f" * 12}

    def outgoing(provider_name, provider_base, client_id):
        return {"id": "out-" + client_id, "name": provider_name, "client_id": client_id,
                "scopes": list(requested_scopes),
                "authorization_endpoint": provider_base + "/rest/oauth2/latest/authorize",
                "token_endpoint": provider_base + "/rest/oauth2/latest/token", "secret_fingerprint": "f" * 12}
    c = view("confluence", "Confluence", C_BASE, declared_scope, [incoming("Jira", J_BASE, C_BASE, "cid-j")],
             [outgoing("Jira", J_BASE, "cid-c")])
    j = view("jira", "Jira", J_BASE, declared_scope, [incoming("Confluence", C_BASE, J_BASE, "cid-c")],
             [outgoing("Confluence", C_BASE, "cid-j")])
    return c, j


def test_a_scope_written_in_another_order_verifies():
    """applinks_oauth2_scope "WRITE READ": the product stores "READ WRITE" (sorted), as the module normalizes."""
    for requested in (["WRITE READ"], ["READ", "WRITE"]):
        c, j = pair("WRITE READ", "READ WRITE", requested)
        assert FILTERS["two_way_link_verify"](c, [j]) == []
        assert FILTERS["two_way_link_verify"](j, [c], when="before") == []
        assert FILTERS["two_way_link_work"](c, [j]) == {"provider": [], "consumer": []}


def test_another_scope_still_fails_verification():
    c, j = pair("WRITE READ", "READ", ["READ"])
    problems = FILTERS["two_way_link_verify"](c, [j])
    assert any("grants READ" in p for p in problems), problems
    assert FILTERS["two_way_link_work"](c, [j]) == {"provider": ["Jira"], "consumer": ["Jira"]}


def test_every_connection_option_reaches_the_modules():
    """Every applinks_<option> of a product host is a module option (issue 13: client certificates and the proxy
    switch were dropped)."""
    host_vars = {"applinks_url": "https://jira.example.com", "applinks_token": "t", "applinks_validate_certs": True,
                 "applinks_ca_path": "/ca.pem", "applinks_client_cert": "/cert.pem", "applinks_client_key": "/key.pem",
                 "applinks_use_proxy": False, "applinks_timeout": 5, "applinks_retries": 1}
    conn = FILTERS["applinks_connection"](host_vars)
    assert conn == {"url": "https://jira.example.com", "token": "t", "validate_certs": True, "ca_path": "/ca.pem",
                    "client_cert": "/cert.pem", "client_key": "/key.pem", "use_proxy": False, "timeout": 5,
                    "retries": 1}
