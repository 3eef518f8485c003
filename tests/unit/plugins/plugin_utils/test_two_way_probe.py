# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import fingerprint
from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._two_way import probe_items, probe_outcome

BASE_C, BASE_J = "https://c.example.com/confluence", "https://j.example.com"


def view(name, base, outgoing=None, credentials=None):
    state = {"base_url": base, "outgoing": outgoing or []}
    return {"host": name.lower(), "name": name, "scope": "READ", "validate_certs": True, "ca_path": "/ca.pem",
            "read": {"state": state}, "provider": {"state": state, "credentials": credentials or {}},
            "consumer": {"state": state}}


def test_probe_uses_what_the_client_holds_and_skips_a_mismatch():
    held = {"name": "Jira", "client_id": "cid", "secret_fingerprint": fingerprint("s1", "cid")}
    me = view("Confluence", BASE_C, outgoing=[held])
    jira = view("Jira", BASE_J, credentials={"Confluence": {"client_id": "cid", "client_secret": "s1"}})
    [item] = probe_items(me, [jira])
    assert item["token_endpoint"] == BASE_J + "/rest/oauth2/latest/token"
    assert (item["client_id"], item["client_secret"], item["ca_path"]) == ("cid", "s1", "/ca.pem")
    assert item["redirect_uri"].startswith(BASE_C + "/plugins/servlet/oauth2/client/callback/")
    # The peer issued another secret than the one the link records: probing with it would prove nothing.
    jira["provider"]["credentials"]["Confluence"]["client_secret"] = "s2"
    [item] = probe_items(me, [jira])
    assert "records another secret" in item["skip"] and "client_secret" not in item


def test_probe_outcome():
    results = [{"item": {"provider": "Jira"}, "status": 400, "json": {"error": "invalid_grant"}},
               {"item": {"provider": "Bamboo"}, "status": 401, "json": {"error": "invalid_client"}},
               {"item": {"provider": "Crowd", "skip": "no outgoing link"}, "skipped": True},
               {"item": {"provider": "X"}, "skipped": True}]
    rejected, accepted = probe_outcome(results, "Confluence")
    assert accepted == ["Jira accepts the client id and secret Confluence holds",
                        "Crowd not probed: no outgoing link"]
    assert rejected == ["Bamboo rejects the client credentials Confluence holds: HTTP 401 invalid_client (a bogus "
                        "code with good client credentials gives 400 invalid_grant)"]
