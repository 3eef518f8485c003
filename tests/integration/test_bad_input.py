"""Bad input to oauth2_incoming / oauth2_outgoing and their connection options.

Each case must fail with a message naming the option or the cause, and nothing may be written to the
product. The whole table runs in one ansible-playbook process (one loop item per case, a fresh module
process each) to keep the suite fast; every case is still its own parametrized test.

The HTTPS rules of OAuth 2.0 URLs are the product's (dev mode and skip properties relax them): those cases
(REFUSED) reach the product, which answers 400; the failure carries its field error and nothing is created.
"""

import collections
import datetime
import socket

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import conn_vars, unique

WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")
REDIRECT = "https://app.example.com/cb"
PASSWORD_IN_CASES = "Wr0ng-Pa55word-xyz"


def incoming(ctx, **args):
    base = conn_vars(ctx["conf"], name="bad-input-client", redirect_uris=[REDIRECT])
    base.update(args)
    return {k: v for k, v in base.items() if v is not None}


def outgoing(ctx, **args):
    base = conn_vars(ctx["conf"], name="bad-input-config", remote_url=ctx["jira_url"], client_id="cid",
                     client_secret="csecret")
    base.update(args)
    return {k: v for k, v in base.items() if v is not None}


def without(args, *keys):
    return {k: v for k, v in args.items() if k not in keys}


# id: (module, args(ctx), check mode, [substrings the message must contain])
CASES = {
    "missing-name": ("oauth2_incoming", lambda c: without(incoming(c), "name"), False,
                     ["missing required arguments: name"]),
    "redirects-missing-on-create": ("oauth2_incoming", lambda c: without(incoming(c), "redirect_uris"), False,
                                    ["Invalid option redirect_uris", "required to create"]),
    "redirects-empty-list": ("oauth2_incoming", lambda c: incoming(c, redirect_uris=[]), False,
                             ["Invalid option redirect_uris", "at least one"]),
    "password-and-token": ("oauth2_incoming", lambda c: incoming(c, token="some-pat"), False,
                           ["mutually exclusive", "password|token"]),
    "token-and-username": ("oauth2_incoming", lambda c: without(incoming(c, token="some-pat"), "password"), False,
                           ["Invalid option username", "token"]),
    "no-credentials": ("oauth2_incoming", lambda c: without(incoming(c), "username", "password"), False,
                       ["Invalid option password", "ATLASSIAN_PASSWORD"]),
    "url-not-a-url": ("oauth2_incoming", lambda c: incoming(c, url="confluence.example.com"), False,
                      ["Invalid option url", "absolute http(s) URL", "confluence.example.com"]),
    "url-with-credentials": ("oauth2_incoming", lambda c: incoming(
        c, url=c["conf_url"].replace("https://", "https://admin:%s@" % PASSWORD_IN_CASES)), False,
        ["Invalid option url", "credentials"]),
    "url-invalid-port": ("oauth2_incoming", lambda c: incoming(c, url="https://127.0.0.1:99999/confluence"), False,
                         ["Invalid option url", "invalid port"]),
    "timeout-zero": ("oauth2_incoming", lambda c: incoming(c, timeout=0), False, ["Invalid option timeout"]),
    "name-too-long": ("oauth2_incoming", lambda c: incoming(c, name="n" * 256), False,
                      ["Invalid option name", "at most 255", "256"]),
    "name-blank": ("oauth2_incoming", lambda c: incoming(c, name="   "), False, ["Invalid option name", "empty"]),
    "redirect-blank-item": ("oauth2_incoming", lambda c: incoming(c, redirect_uris=[REDIRECT, " "]), False,
                            ["Invalid option redirect_uris", "item 2 is blank"]),
    "redirect-fragment": ("oauth2_incoming", lambda c: incoming(c, redirect_uris=[REDIRECT + "#x"]), False,
                          ["Invalid option redirect_uris", "fragment"]),
    "scope-blank": ("oauth2_incoming", lambda c: incoming(c, scope="  "), False, ["Invalid option scope"]),
    "scope-unknown": ("oauth2_incoming", lambda c: incoming(c, scope="READ FLY"), False,
                      ["Invalid option scope", "unknown scope FLY", "READ, WRITE, ADMIN, SYSTEM_ADMIN"]),
    "scope-unknown-check-mode": ("oauth2_incoming", lambda c: incoming(c, scope="DELETE_ALL"), True,
                                 ["Invalid option scope", "unknown scope DELETE_ALL", "SYSTEM_ADMIN"]),
    "unsupported-option": ("oauth2_incoming", lambda c: incoming(c, scopes=["READ"]), False,
                           ["Unsupported parameters", "scopes"]),
    "wrong-password": ("oauth2_incoming", lambda c: incoming(c, password=PASSWORD_IN_CASES), False,
                       ["Failed to read", "HTTP 401"]),
    "invalid-token": ("oauth2_outgoing",
                      lambda c: without(outgoing(c, token="not-a-valid-pat"), "username", "password"), False,
                      ["Failed to read", "HTTP 401"]),
    "not-sysadmin": ("oauth2_incoming", lambda c: incoming(c, username="manager", password="manager"), False,
                     ["HTTP 401", "system administrator"]),
    "not-sysadmin-outgoing": ("oauth2_outgoing", lambda c: outgoing(c, username="manager", password="manager"),
                              False, ["HTTP 401", "system administrator"]),
    "unreachable-host": ("oauth2_incoming", lambda c: incoming(c, url=c["closed_url"], retries=1), False,
                         ["cannot connect to " + "{closed_url}", "url option"]),
    "wrong-ca": ("oauth2_incoming", lambda c: incoming(c, ca_path=c["other_ca"]), False,
                 ["TLS verification of {conf_url} failed", "ca_path"]),
    "system-ca-bundle": ("oauth2_outgoing", lambda c: without(outgoing(c), "ca_path"), False,
                         ["TLS verification", "ca_path"]),
    "unknown-provider": ("oauth2_outgoing", lambda c: outgoing(c, provider="github"), False,
                         ["provider", "must be one of", "generic, custom, google, microsoft", "github"]),
    "remote-url-and-endpoint": ("oauth2_outgoing", lambda c: outgoing(
        c, authorization_endpoint="https://idp.example.com/auth"), False,
        ["mutually exclusive", "remote_url|authorization_endpoint"]),
    "token-endpoint-missing": ("oauth2_outgoing", lambda c: without(outgoing(
        c, authorization_endpoint="https://idp.example.com/auth", scopes=["x"]), "remote_url"), False,
        ["Invalid option token_endpoint"]),
    "scopes-missing-without-remote-url": ("oauth2_outgoing", lambda c: without(outgoing(
        c, authorization_endpoint="https://idp.example.com/auth", token_endpoint="https://idp.example.com/token"),
        "remote_url"), False, ["Invalid option scopes", "remote_url"]),
    "client-id-missing": ("oauth2_outgoing", lambda c: without(outgoing(c), "client_id"), False,
                          ["Invalid option client_id"]),
    "client-secret-missing-on-create": ("oauth2_outgoing", lambda c: without(outgoing(c), "client_secret"), False,
                                        ["Invalid option client_secret", "required to create"]),
    "client-secret-missing-check-mode": ("oauth2_outgoing", lambda c: without(outgoing(c), "client_secret"), True,
                                         ["Invalid option client_secret", "required to create"]),
    "description-too-long": ("oauth2_outgoing", lambda c: outgoing(c, description="d" * 256), False,
                             ["Invalid option description", "255"]),
}


# Refused by the product itself (its HTTPS rules, which dev mode and skip properties relax, so the modules leave
# them to it): id: (module, args(ctx), instance the request goes to, (method, path suffix) of the refused
# request, field error key or None, [substrings the message must contain]).
REFUSED = {
    "redirect-not-https": ("oauth2_incoming", lambda c: incoming(
        c, name=c["names"]["redirect-not-https"], redirect_uris=["http://app.example.com/cb"]), "conf",
        ("POST", "/rest/oauth2/latest/client"), "redirects",
        ["Redirect URI must use HTTPS: http://app.example.com/cb"]),
    "endpoint-http": ("oauth2_outgoing", lambda c: without(outgoing(
        c, name=c["names"]["endpoint-http"], authorization_endpoint="http://idp.example.com/auth",
        token_endpoint="https://idp.example.com/token", scopes=["x"]), "remote_url"), "conf",
        ("POST", "/rest/oauth2-client/latest/config"), "authorizationEndpoint",
        ["authorizationEndpoint: Authorization endpoint must use HTTPS."]),
    "remote-url-http": ("oauth2_outgoing", lambda c: outgoing(
        c, name=c["names"]["remote-url-http"], remote_url="http://jira.example.com"), "conf",
        ("POST", "/rest/oauth2-client/latest/config"), "tokenEndpoint",
        ["authorizationEndpoint: Authorization endpoint must use HTTPS.",
         "tokenEndpoint: Token endpoint must use HTTPS."]),
    "incoming-on-http-product": ("oauth2_incoming", lambda c: without(incoming(
        c, name=c["names"]["incoming-on-http-product"], url=c["http_url"], allow_insecure_http=True), "ca_path"),
        "plain",
        ("GET", "/rest/oauth2/latest/client"), None,
        ["the product's base URL must use HTTPS for OAuth 2.0 incoming links"]),
    "outgoing-on-http-product": ("oauth2_outgoing", lambda c: without(outgoing(
        c, name=c["names"]["outgoing-on-http-product"], url=c["http_url"], allow_insecure_http=True), "ca_path"),
        "plain",
        ("GET", "/rest/oauth2-client/latest/config/name/"), None,
        ["the product's base URL must use HTTPS for OAuth 2.0 outgoing links"]),
}


def self_made_ca(path):
    """A CA that did not sign dcsim's certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"Not the dcsim CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture(scope="module")
def products(start_instance, tmp_path_factory):
    conf = start_instance("confluence", "bad-input-confluence")
    # --provider-https-check: plugin 3.1.5 names its HTTPS filter on no resource, so only a dcsim told to play a
    # product that checks refuses the incoming-link API over plain HTTP (the cases test the module's handling of
    # that refusal).
    plain = start_instance("jira", "bad-input-http-jira", ["--http", "--provider-https-check"])
    return {"conf": conf, "plain": plain, "jira_url": "https://jira.example.com",
            "closed_url": "https://127.0.0.1:%d/confluence" % closed_port(),
            "other_ca": self_made_ca(tmp_path_factory.mktemp("otherca") / "ca.pem"), "conf_url": conf.base_url,
            "http_url": plain.base_url, "names": dict((case_id, unique(case_id)) for case_id in REFUSED)}


def run_cases(run_playbook, ctx, table_cases):
    """Runs cases in one play; returns ({case id: module result}, the play)."""
    # CASES hold the check-mode flag third, REFUSED the instance key (never check mode)
    cases = dict((case_id, {"module": case[0], "args": case[1](ctx), "check": case[2] is True})
                 for case_id, case in table_cases.items())
    play = run_playbook("bad_input.yml", {"cases": cases})
    results = {}
    for task in ("oauth2_incoming cases", "oauth2_outgoing cases"):
        for item in play.result(task)["results"]:
            results[item["item"]] = item
    return results, play


@pytest.fixture(scope="module")
def table(products, run_playbook):
    """Runs every case once; returns ({case id: module result}, the product's log, the play)."""
    api = products["conf"].client()
    api.clear_log()
    results, play = run_cases(run_playbook, products, CASES)
    return results, api.log(), play, products


@pytest.fixture(scope="module")
def refused(products, run_playbook):
    """Runs every REFUSED case once; returns ({case id: module result}, {instance key: its log}, the play)."""
    apis = {"conf": products["conf"].client(), "plain": products["plain"].client()}
    for api in apis.values():
        api.clear_log()
    results, play = run_cases(run_playbook, products, REFUSED)
    return results, dict((key, api.log()) for key, api in apis.items()), play


def test_table_is_large_enough():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_bad_input(table, case_id):
    results, log, play, ctx = table
    expected = CASES[case_id][3]
    result = results[case_id]
    msg = result.get("msg", "")
    assert result.get("failed") is True, result
    assert not result.get("changed")
    for text in expected:
        text = text.format(**ctx)
        assert text in msg, "%r not in %r" % (text, msg)
    # no write at all reached the product during the table run
    assert [e for e in log if e["method"] in WRITE_METHODS] == []
    # secrets passed in the cases never show
    assert PASSWORD_IN_CASES not in play.output and PASSWORD_IN_CASES not in msg
    assert "csecret" not in msg


def test_input_errors_send_no_request_at_all(table):
    """Checks made before any request: the product's log holds only the reads of the cases that had to ask it."""
    log = table[1]
    seen = collections.Counter((e["path"].split("/rest/")[1].replace("bad-input-config", "{name}"), e["status"])
                               for e in log)
    assert seen == {
        # the name lookup of redirects-missing-on-create, scope-unknown and scope-unknown-check-mode (redirect
        # URIs are required to create only; the two unknown scopes fetch the product's scope list)
        ("oauth2/latest/client", 200): 3,
        ("oauth2/latest/.well-known/oauth-authorization-server", 200): 2,
        # wrong-password, not-sysadmin; invalid-token, not-sysadmin-outgoing
        ("oauth2/latest/client", 401): 2,
        ("oauth2-client/latest/config/name/{name}", 401): 2,
        # the client-secret-missing cases and scopes-missing-without-remote-url: absent, so a create is needed
        ("oauth2-client/latest/config/name/{name}", 404): 3,
    }, log
    assert all(e["method"] == "GET" for e in log)


def test_option_is_returned_for_input_errors(table):
    results = table[0]
    assert results["name-too-long"]["option"] == "name"
    assert results["scope-unknown"]["option"] == "scope"
    assert results["client-secret-missing-on-create"]["option"] == "client_secret"


@pytest.mark.parametrize("case_id", sorted(REFUSED))
def test_refused_by_the_product_creates_nothing(refused, products, case_id):
    """No client-side HTTPS rule: the product's own 400 is reported (request, field error) and nothing exists."""
    results, logs, play = refused
    _module, _build, instance, (method, path), field, expected = REFUSED[case_id]
    result = results[case_id]
    msg = result.get("msg", "")
    assert result.get("failed") is True and not result.get("changed"), result
    for text in expected:
        assert text in msg, "%r not in %r" % (text, msg)
    assert "HTTP 400" in msg and " from %s /" % method in msg, msg
    assert result["status"] == 400 and result["method"] == method
    assert path in result["url"] and result["url"].startswith(products[instance].base_url.rsplit("/", 1)[0])
    if field:
        assert field in result["field_errors"], result
    name = products["names"][case_id]
    # the refused request was the only write of the case, and it was refused; no object of that name exists
    writes = [e for e in logs[instance] if e["method"] in WRITE_METHODS]
    assert all(e["status"] == 400 for e in writes), writes
    if instance == "conf":
        api = products["conf"].client()
        listing = "/rest/oauth2/latest/client" if "/oauth2/" in path else "/rest/oauth2-client/latest/config"
        assert [o for o in api.get(listing).json() if o["name"] == name] == []
    else:
        assert writes == []  # the product refused the read already
    assert "csecret" not in msg and "csecret" not in play.output


def test_refused_cases_sent_one_refused_write_each(refused):
    """The three cases on the HTTPS product each read, then sent their create once (no retry of a 400)."""
    logs = refused[1]
    writes = [(e["method"], e["path"].split("/rest/")[1], e["status"]) for e in logs["conf"]
              if e["method"] in WRITE_METHODS]
    assert sorted(writes) == [("POST", "oauth2-client/latest/config", 400)] * 2 + [
        ("POST", "oauth2/latest/client", 400)]
    assert [e for e in logs["plain"] if e["method"] in WRITE_METHODS] == []
