"""Bad input to oauth2_incoming / oauth2_outgoing and their connection options.

Each case must fail with a message naming the option or the cause, and nothing may be written to the
product. The whole table runs in one ansible-playbook process (one loop item per case, a fresh module
process each) to keep the suite fast; every case is still its own parametrized test.
"""

import datetime
import socket

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import conn_vars

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
    "redirects-missing-when-present": ("oauth2_incoming", lambda c: without(incoming(c), "redirect_uris"), False,
                                       ["state is present", "redirect_uris"]),
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
    "redirect-not-https": ("oauth2_incoming", lambda c: incoming(c, redirect_uris=["http://app.example.com/cb"]),
                           False, ["Invalid option redirect_uris", "https", "localhost"]),
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
    "outgoing-on-http-product": ("oauth2_outgoing", lambda c: without(outgoing(c, url=c["http_url"]), "ca_path"),
                                 False, ["HTTP 400", "base URL must use HTTPS"]),
    "incoming-on-http-product": ("oauth2_incoming", lambda c: without(incoming(c, url=c["http_url"]), "ca_path"),
                                 False, ["HTTP 400", "base URL must use HTTPS"]),
    "unknown-provider": ("oauth2_outgoing", lambda c: outgoing(c, provider="github"), False,
                         ["provider", "must be one of", "generic, google, microsoft", "github"]),
    "endpoint-http": ("oauth2_outgoing", lambda c: without(outgoing(
        c, authorization_endpoint="http://idp.example.com/auth", token_endpoint="https://idp.example.com/token",
        scopes=["x"]), "remote_url"), False, ["Invalid option authorization_endpoint", "https"]),
    "remote-url-http": ("oauth2_outgoing", lambda c: outgoing(c, remote_url="http://jira.example.com"), False,
                        ["Invalid option remote_url", "https"]),
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
def table(start_instance, run_playbook, tmp_path_factory):
    """Runs every case once; returns ({case id: module result}, the product's log, the play)."""
    conf = start_instance("confluence", "bad-input-confluence")
    plain = start_instance("jira", "bad-input-http-jira", ["--http"])
    ctx = {"conf": conf, "jira_url": "https://jira.example.com",
           "closed_url": "https://127.0.0.1:%d/confluence" % closed_port(),
           "other_ca": self_made_ca(tmp_path_factory.mktemp("otherca") / "ca.pem"), "conf_url": conf.base_url,
           "http_url": plain.base_url}
    cases = dict((case_id, {"module": module, "args": build(ctx), "check": check})
                 for case_id, (module, build, check, _expected) in CASES.items())
    api = conf.client()
    api.clear_log()
    play = run_playbook("bad_input.yml", {"cases": cases})
    log = api.log()
    results = {}
    for task in ("oauth2_incoming cases", "oauth2_outgoing cases"):
        for item in play.result(task)["results"]:
            results[item["item"]] = item
    return results, log, play, ctx


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
    """Checks made before any request: the product's log holds only the cases that had to ask it."""
    results, log = table[0], table[1]
    # wrong-password, not-sysadmin(+outgoing), invalid-token, scope-unknown(+check mode) and the
    # client-secret-missing cases (which must read first to know the link does not exist) reach the product.
    paths = sorted(set(e["path"].split("/rest/")[1].split("/")[0] for e in log))
    assert paths == ["oauth2", "oauth2-client"]
    assert len(log) <= 10, log


def test_option_is_returned_for_input_errors(table):
    results = table[0]
    assert results["name-too-long"]["option"] == "name"
    assert results["scope-unknown"]["option"] == "scope"
    assert results["client-secret-missing-on-create"]["option"] == "client_secret"
