"""The runner and the write gate with an in-memory product (a fake transport that serves the OAuth 2.0
provider API): oauth2_incoming as a one-item run, check mode, redacted diffs, the one catch site, and a lost reply
or a lost race of a create (what dcsim provokes too: tests/integration/test_reliability.py)."""

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.atlassian_dc.applinks.plugins.module_utils import runner
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import SECRET_MASK
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import INCOMING, extended
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.runner import build_module, run_one
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AmbiguousWriteError, HttpError, NotFoundError)

CLIENTS = "/rest/oauth2/latest/client"
PASSWORD = "Adm1n-S3cret-pw"
BASE = "https://product.example.com"


class Reply(object):
    def __init__(self, body):
        self.body = body
        self.status = 200


class FakeProduct(object):
    """The provider API of one product, in memory; `fail` maps (method, path prefix) to what to do once."""

    base_url = BASE

    def __init__(self):
        self.clients = {}
        self.sent = []
        self.fail = {}
        self.counter = 0

    def writes(self):
        return [(m, p) for m, p in self.sent if m != "GET"]

    def _fault(self, method, path):
        for (fail_method, prefix), action in list(self.fail.items()):
            if fail_method == method and path.startswith(prefix):
                del self.fail[(fail_method, prefix)]
                return action
        return None

    def request(self, method, path, body=None, allow_missing=False, **_kwargs):
        self.sent.append((method, path))
        fault = self._fault(method, path)
        if isinstance(fault, Exception):
            raise fault
        if method == "GET" and path == CLIENTS:
            return Reply([dict(c) for c in self.clients.values()])
        if method == "GET" and path.endswith("oauth-authorization-server"):
            return Reply({"scopes_supported": ["READ", "WRITE"]})
        if method == "GET" and path.startswith(CLIENTS + "/"):
            return Reply(dict(self.clients[path.rsplit("/", 1)[1]]))
        if method == "POST" and path == CLIENTS:
            if any(c["name"] == body["name"] for c in self.clients.values()):
                raise HttpError(400, method, BASE + path, field_errors={"name": ["Name must be unique."]})
            self.counter += 1
            new = {"id": "id%d" % self.counter, "clientId": "cid%d" % self.counter, "clientSecret": "secret-%d-x" %
                   self.counter, "name": body["name"], "redirects": body["redirects"], "scope": body["scope"]}
            self.clients[new["id"]] = new
            if fault == "lose reply":
                raise AmbiguousWriteError("POST %s: the connection failed before a response arrived" % path)
            return Reply(dict(new))
        if method == "PUT" and path.startswith(CLIENTS + "/reset/"):
            client = [c for c in self.clients.values() if c["clientId"] == path.rsplit("/", 1)[1]][0]
            client["clientSecret"] += "-reset"
            return Reply(dict(client))
        if method == "PUT":
            client = self.clients[path.rsplit("/", 1)[1]]
            client.update((k, v) for k, v in body.items() if v)
            return Reply(None)
        if method == "DELETE":
            self.clients.pop(path.rsplit("/", 1)[1], None)
            return Reply(None)
        raise NotFoundError(404, method, BASE + path)


@pytest.fixture
def product(monkeypatch):
    fake = FakeProduct()
    monkeypatch.setattr(runner, "transport_from_params", lambda params, warn=None: fake)
    return fake


def incoming(product, args, capsys, check=False, diff=False):
    full = dict(url=BASE, username="admin", password=PASSWORD, name="w")
    full.update(args)
    if check:
        full["_ansible_check_mode"] = True
    if diff:
        full["_ansible_diff"] = True
    with patch_module_args(full):
        module = build_module(extended(INCOMING, return_secret=dict(type="bool", default=False, no_log=False)))
        with pytest.raises(SystemExit):
            run_one(module, "incoming")
    return json.loads(capsys.readouterr().out)


def existing(product, **fields):
    product.counter += 1
    client = {"id": "id0", "clientId": "cid0", "clientSecret": "the-real-secret", "name": "w",
              "redirects": ["https://a/cb"], "scope": "READ"}
    client.update(fields)
    product.clients[client["id"]] = client
    return client


# The gate


def test_create_and_its_secret(product, capsys):
    out = incoming(product, {"redirect_uris": ["https://a/cb"]}, capsys)
    assert (out["changed"], out["action"]) == (True, "create")
    assert out["client"]["client_secret"] == "secret-1-x" and out["client"]["scope"] == "READ"
    assert product.writes() == [("POST", CLIENTS)]


def test_check_mode_create_sends_nothing_and_predicts(product, capsys):
    out = incoming(product, {"redirect_uris": ["https://a/cb"], "scope": "WRITE"}, capsys, check=True)
    assert (out["changed"], out["action"]) == (True, "create") and product.writes() == []
    assert out["client"]["scope"] == "WRITE" and out["client"]["client_id"] == "(generated by the product on create)"


def test_unchanged_after_normalisation_costs_one_get(product, capsys):
    existing(product, scope="READ WRITE")
    out = incoming(product, {"scope": "WRITE READ", "redirect_uris": ["https://a/cb", "https://a/cb"]}, capsys)
    assert (out["changed"], out["action"]) == (False, "none") and product.sent == [("GET", CLIENTS)]
    assert "client_secret" not in out["client"]  # not new


def test_update_and_check_mode_update(product, capsys):
    existing(product)
    out = incoming(product, {"scope": "WRITE"}, capsys, check=True)
    assert out["action"] == "update" and product.writes() == [] and product.clients["id0"]["scope"] == "READ"
    out = incoming(product, {"scope": "WRITE"}, capsys)
    assert out["action"] == "update" and out["client"]["scope"] == "WRITE"
    assert product.writes() == [("PUT", CLIENTS + "/id0")]


def test_a_forced_secret_reset_and_its_check_mode(product, capsys):
    existing(product)
    out = incoming(product, {"regenerate_secret": True}, capsys, check=True)
    assert out["changed"] and product.writes() == []
    out = incoming(product, {"regenerate_secret": True}, capsys)
    assert out["changed"] and product.writes() == [("PUT", CLIENTS + "/reset/cid0")]
    assert out["client"]["client_secret"] == "the-real-secret-reset"


def test_delete_check_mode_delete_and_absent_when_absent(product, capsys):
    existing(product)
    out = incoming(product, {"state": "absent"}, capsys, check=True, diff=True)
    assert out["changed"] and product.writes() == [] and out["client"] == {}
    assert out["diff"]["before"]["client_secret"] == SECRET_MASK and out["diff"]["after"] == {}
    out = incoming(product, {"state": "absent"}, capsys)
    assert out["changed"] and product.writes() == [("DELETE", CLIENTS + "/id0")] and product.clients == {}
    out = incoming(product, {"state": "absent"}, capsys, diff=True)
    assert not out["changed"] and out["diff"] == {"before": {}, "after": {}}


def test_diffs_are_redacted(product, capsys):
    out = incoming(product, {"redirect_uris": ["https://a/cb"]}, capsys, diff=True)
    assert out["diff"]["before"] == {} and out["diff"]["after"]["client_secret"] == SECRET_MASK
    out = incoming(product, {"scope": "WRITE"}, capsys, diff=True)
    assert out["diff"]["before"]["scope"] == "READ" and out["diff"]["after"]["scope"] == "WRITE"
    assert "secret-1-x" not in json.dumps(out["diff"])


# The catch site


def test_an_input_error_names_the_option_before_any_request(product, capsys):
    out = incoming(product, {"redirect_uris": ["https://a/cb#frag"]}, capsys)
    assert out["failed"] and out["option"] == "redirect_uris" and out["msg"].startswith("Invalid option redirect_uris")
    assert product.sent == []
    out = incoming(product, {"url": "not a url"}, capsys)
    assert out["option"] == "url" and out["msg"].startswith("Invalid option url: must be an absolute http(s) URL")
    out = incoming(product, {"password": None}, capsys)
    assert out["option"] == "password" and "ATLASSIAN_PASSWORD" in out["msg"]
    assert product.sent == []


def test_a_product_error_names_the_operation_and_the_object(product, capsys):
    product.fail[("GET", CLIENTS)] = HttpError(500, "GET", BASE + CLIENTS, ["boom"])
    out = incoming(product, {"redirect_uris": ["https://a/cb"]}, capsys)
    assert out["msg"] == "Failed to read OAuth 2.0 incoming link 'w': HTTP 500 from GET %s: boom" % CLIENTS
    assert (out["status"], out["method"], out["url"]) == (500, "GET", BASE + CLIENTS)
    product.fail[("POST", CLIENTS)] = HttpError(500, "POST", BASE + CLIENTS, ["down"])
    out = incoming(product, {"redirect_uris": ["https://a/cb"]}, capsys)
    assert out["msg"] == "Failed to create OAuth 2.0 incoming link 'w': HTTP 500 from POST %s: down" % CLIENTS
    existing(product)
    product.fail[("DELETE", CLIENTS)] = AmbiguousWriteError("lost")
    out = incoming(product, {"state": "absent"}, capsys)
    assert out["msg"] == "Failed to delete OAuth 2.0 incoming link 'w': lost" and "status" not in out


def test_an_unknown_scope_fails_before_the_write(product, capsys):
    existing(product)
    out = incoming(product, {"scope": "FLY"}, capsys, check=True)
    assert out["option"] == "scope" and "unknown scope FLY; the product supports: READ, WRITE" in out["msg"]
    assert product.writes() == []


def test_a_failure_never_carries_the_password_or_a_secret(product, capsys):
    existing(product)
    product.fail[("PUT", CLIENTS)] = HttpError(401, "PUT", BASE + CLIENTS + "/id0")
    out = incoming(product, {"scope": "WRITE"}, capsys)
    assert out["failed"] and PASSWORD not in json.dumps(out) and "the-real-secret" not in json.dumps(out)


# Lost replies and lost races of a create


def test_a_lost_reply_is_one_fresh_lookup_and_a_create(product, capsys):
    product.fail[("POST", CLIENTS)] = "lose reply"
    out = incoming(product, {"redirect_uris": ["https://a/cb"]}, capsys)
    assert (out["changed"], out["action"]) == (True, "create") and out["client"]["client_id"] == "cid1"
    # read, scope names, the lost create, one fresh lookup; no second create
    assert product.sent == [("GET", CLIENTS), ("GET", "/rest/oauth2/latest/.well-known/oauth-authorization-server"),
                            ("POST", CLIENTS), ("GET", CLIENTS)]


def test_a_create_not_applied_is_sent_once_more(product, capsys):
    product.fail[("POST", CLIENTS)] = AmbiguousWriteError("POST: HTTP 503")
    out = incoming(product, {"redirect_uris": ["https://a/cb"]}, capsys)
    assert out["action"] == "create" and len(product.clients) == 1
    assert product.writes() == [("POST", CLIENTS), ("POST", CLIENTS)]


def test_a_lost_race_converges_on_the_winners_link(product, capsys):
    """Another run created it between our read and our create: the product refuses the name; one fresh lookup."""
    def racing_request(method, path, **kwargs):
        if method == "POST" and not product.clients:
            existing(product, scope="READ")  # the other run wins, after our read found nothing
        return FakeProduct.request(product, method, path, **kwargs)
    product.request = racing_request
    out = incoming(product, {"redirect_uris": ["https://a/cb"], "scope": "WRITE"}, capsys)
    assert out["action"] == "update" and out["client"]["scope"] == "WRITE" and len(product.clients) == 1
    assert product.writes() == [("POST", CLIENTS), ("PUT", CLIENTS + "/id0")]
