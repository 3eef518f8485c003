"""The rows of the "View application links" page: labels, directions, statuses, OAuth 2.0 pairing."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import (
    application_label)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.link_table import (
    EXTERNAL_LABEL, GENERIC_LABEL, NON_ATLASSIAN, build_rows, classic_row, direction_from_auth,
    display_origin, oauth2_row, origin, pair_oauth2, version_text)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.link_status import status_label, status_of


def client(name, redirect, id_=None):
    return {"id": id_ or "c-" + name, "name": name, "redirect_uris": [redirect], "client_id": "x", "scope": "READ"}


def config(name, endpoint, id_=None):
    return {"id": id_ or "o-" + name, "name": name, "authorization_endpoint": endpoint, "provider": "generic"}


def link(name, type_="jira", id_=None, url="https://jira.example.com"):
    return {"id": id_ or "l-" + name, "name": name, "type": type_, "remote_url": url, "display_url": url,
            "primary": False, "system": False}


@pytest.mark.parametrize("type_,version,expected", [
    ("jira", "9.12.15", "Jira 9.12.15"),
    ("jira", None, "Jira"),
    ("bitbucket", "8.19.10", "Bitbucket 8.19.10"),
    ("confluence", "", "Confluence"),
    ("generic", "1.0", GENERIC_LABEL),
    (None, None, GENERIC_LABEL),
    ("subversion", None, "subversion"),
])
def test_application_label(type_, version, expected):
    assert application_label(type_, version) == expected


def test_version_text_accepts_string_or_version_object():
    assert version_text("9.12.15") == "9.12.15"
    assert version_text({"versionString": "8.5.16", "major": 8}) == "8.5.16"
    assert version_text(None) is None and version_text({}) is None


@pytest.mark.parametrize("auth,expected", [
    ({"incoming": "oauth", "outgoing": "oauth_3lo_only"}, "Two-way"),
    ({"incoming": "oauth_impersonation", "outgoing": "disabled"}, "Incoming"),
    ({"incoming": "disabled", "outgoing": "oauth"}, "Outgoing"),
    ({"incoming": "disabled", "outgoing": "disabled"}, None),
    (None, None),
])
def test_direction_from_auth(auth, expected):
    assert direction_from_auth(auth) == expected


@pytest.mark.parametrize("status,expected", [
    ({"working": True}, "working"),
    ({"working": False, "error": {"category": "NETWORK_ERROR", "type": "CONNECTION_REFUSED"}},
     "NETWORK_ERROR/CONNECTION_REFUSED"),
    ({"working": False, "error": {"category": "DISABLED", "type": "DISABLED"}}, "DISABLED"),
    ({"working": False, "error": {"category": "NON_ATLASSIAN", "type": "GENERIC_LINK"}}, NON_ATLASSIAN),
    ({"working": False}, "UNKNOWN"),
    (None, None),
])
def test_status_label(status, expected):
    assert status_label(status_of(status)) == expected


@pytest.mark.parametrize("url,expected", [
    ("https://Jira.Example.com/plugins/servlet/oauth2/client/callback/x", "https://jira.example.com:443"),
    ("https://jira.example.com:443/a", "https://jira.example.com:443"),
    ("http://localhost:8090/cb", "http://localhost:8090"),
    ("http://h.example", "http://h.example:80"),
    ("not a url", None),
    (None, None),
])
def test_origin(url, expected):
    assert origin(url) == expected


def test_display_origin_drops_default_port():
    assert display_origin("https://jira.example.com:443/x") == "https://jira.example.com"
    assert display_origin("https://127.0.0.1:8443/x") == "https://127.0.0.1:8443"


def test_incoming_and_outgoing_to_the_same_host_pair():
    inc = client("Jira", "https://jira.example.com/plugins/servlet/oauth2/client/callback/abc")
    out = config("Jira", "https://jira.example.com:443/rest/oauth2/latest/authorize")
    assert pair_oauth2([inc], [out]) == [(inc, out)]
    row = oauth2_row(inc, out)
    assert row == {"name": "Jira", "application": GENERIC_LABEL, "direction": "Two-way", "status": NON_ATLASSIAN,
                   "status_category": None, "status_type": None, "remedy": None,
                   "url": "https://jira.example.com", "source": "oauth2", "ids": ["c-Jira", "o-Jira"]}


def test_different_ports_do_not_pair():
    inc = client("A", "https://h.example:8443/cb")
    out = config("A", "https://h.example/authorize")
    pairs = pair_oauth2([inc], [out])
    assert sorted(pairs, key=lambda p: p[0] is None) == [(inc, None), (None, out)]


def test_alone_they_are_incoming_or_outgoing():
    rows = build_rows([], [client("CI", "https://ci.example.com/cb")], [config("Google", "https://accounts.google.com/o")])
    assert [(r["name"], r["direction"]) for r in rows] == [("CI", "Incoming"), ("Google", "Outgoing")]


def test_pair_names_differ_both_shown():
    row = oauth2_row(client("Jira in", "https://j.example/cb"), config("Jira out", "https://j.example/auth"))
    assert row["name"] == "Jira in / Jira out"


def test_several_per_host_pair_in_name_order_and_leftovers_stay_alone():
    c1, c2 = client("b", "https://h.example/1"), client("a", "https://h.example/2")
    o1 = config("z", "https://h.example/auth")
    pairs = pair_oauth2([c1, c2], [o1])
    assert pairs == [(c2, o1), (c1, None)]


def test_entities_without_url_are_never_paired():
    c = {"id": "c", "name": "n", "redirect_uris": []}
    o = {"id": "o", "name": "n", "authorization_endpoint": None}
    assert pair_oauth2([c], [o]) == [(c, None), (None, o)]


def test_classic_rows():
    two_way = classic_row(link("Jira"), {"incoming": "oauth", "outgoing": "oauth"}, {"working": True}, "9.12.15")
    assert two_way == {"name": "Jira", "application": "Jira 9.12.15", "direction": "Two-way", "status": "working",
                       "status_category": None, "status_type": None, "remedy": None,
                       "url": "https://jira.example.com", "source": "applink", "ids": ["l-Jira"]}
    generic = classic_row(link("TF", "generic", url="https://tf.example"), None, None, None)
    assert generic["application"] == GENERIC_LABEL and generic["status"] == NON_ATLASSIAN
    assert generic["direction"] is None
    assert classic_row(link("J2"))["status"] is None  # status not read


def test_classic_row_of_an_error_has_the_products_category_type_and_remedy():
    unsupported = {"working": False, "error": {"category": "DEPRECATED", "type": "AUTH_LEVEL_UNSUPPORTED"}}
    row = classic_row(link("Jira"), {"incoming": "oauth_3lo_only", "outgoing": "oauth_3lo_only"}, unsupported)
    assert row["status"] == "DEPRECATED/AUTH_LEVEL_UNSUPPORTED"
    assert (row["status_category"], row["status_type"]) == ("DEPRECATED", "AUTH_LEVEL_UNSUPPORTED")
    assert "OAuth (3LO + 2LO) on both sides" in row["remedy"]
    generic = classic_row(link("TF", "generic"), None, {"working": False, "error": {
        "category": "NON_ATLASSIAN", "type": "GENERIC_LINK"}})
    assert generic["status_type"] == "GENERIC_LINK" and generic["remedy"] is None  # nothing to do


def test_build_rows_sorted_by_name_case_insensitive():
    classic = [{"link": link("zeta")}, {"link": link("Alpha", "generic", url="https://a.example")}]
    rows = build_rows(classic, [client("beta", "https://b.example/cb")], [config("Beta", "https://b.example/auth")])
    assert [r["name"] for r in rows] == ["Alpha", "beta / Beta", "zeta"]
    assert rows[1]["direction"] == "Two-way"


def test_oauth2_rows_take_the_label_of_the_product_line():
    incoming = [client("Partner", "https://partner.example.com/cb")]
    assert build_rows([], incoming, [])[0]["application"] == GENERIC_LABEL
    external = build_rows([{"link": link("Jira")}], incoming, [], oauth2_label=EXTERNAL_LABEL)
    assert [(r["name"], r["application"]) for r in external] == [("Jira", "Jira"),
                                                                 ("Partner", "External application")]
