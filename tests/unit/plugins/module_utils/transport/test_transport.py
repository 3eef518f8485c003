"""The Transport with a fake requests adapter (what dcsim cannot provoke), error bodies and their formatting."""

import base64
import http.server
import json
import threading

from pathlib import Path

import pytest
import requests
import yaml

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AmbiguousWriteError, HttpError, NotFoundError, TlsError, TransportError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.retry import MAX_RETRY_AFTER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import (
    COLLECTION_VERSION, USER_AGENT, Transport)

from fake_transport import BASE, PASSWORD, make, reply  # pylint: disable=wrong-import-order


# --- headers, auth, TLS -------------------------------------------------------------------------------

def test_the_user_agent_carries_the_collection_version():
    galaxy = yaml.safe_load((Path(__file__).resolve().parents[5] / "galaxy.yml").read_text())
    assert COLLECTION_VERSION == galaxy["version"] and USER_AGENT.endswith("/" + galaxy["version"])


def test_client_recipe_headers_and_basic_auth():
    transport, adapter, _rec = make([reply(200, {"ok": 1})])
    response = transport.request("GET", "/rest/oauth2/latest/client")
    assert response.status == 200 and response.body == {"ok": 1}
    sent = adapter.sent[0]
    assert sent["url"] == BASE + "/rest/oauth2/latest/client"
    headers = sent["headers"]
    assert headers["Accept"] == "application/json"
    assert headers["X-Atlassian-Token"] == "no-check"
    assert headers["User-Agent"] == USER_AGENT and "Mozilla" not in USER_AGENT
    assert headers["Authorization"] == "Basic " + base64.b64encode(("admin:" + PASSWORD).encode()).decode()
    assert "Cookie" not in headers


def test_token_is_sent_as_bearer():
    transport, adapter, _rec = make([reply(200, [])], username=None, password=None, token="pat-123")
    transport.request("GET", "/x")
    assert adapter.sent[0]["headers"]["Authorization"] == "Bearer pat-123"


def test_json_body_and_content_type():
    transport, adapter, _rec = make([reply(200, {"id": "1"})])
    transport.request("POST", "/rest/oauth2/latest/client", body={"name": "n"})
    assert adapter.sent[0]["headers"]["Content-Type"] == "application/json"
    assert json.loads(adapter.sent[0]["body"]) == {"name": "n"}


def test_trailing_slash_of_url_is_dropped_and_absolute_paths_kept():
    transport = Transport(BASE + "/", username="a", password="b")
    assert transport.url_for("/rest/x") == BASE + "/rest/x"
    assert transport.url_for("https://other.example.com/y") == "https://other.example.com/y"


def test_ca_path_is_passed_on_every_request_despite_requests_ca_bundle(monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    transport, adapter, _rec = make([reply(200, []), reply(200, [])], ca_path="/tmp/my-ca.pem")
    transport.request("GET", "/a")
    transport.request("GET", "/b")
    assert [s["verify"] for s in adapter.sent] == ["/tmp/my-ca.pem", "/tmp/my-ca.pem"]


def test_validate_certs_false_disables_verification(monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    transport, adapter, _rec = make([reply(200, [])], validate_certs=False, ca_path="/tmp/ignored.pem")
    transport.request("GET", "/a")
    assert adapter.sent[0]["verify"] is False


def test_timeout_is_passed():
    transport, adapter, _rec = make([reply(200, [])], timeout=7)
    transport.request("GET", "/a")
    assert adapter.sent[0]["timeout"] == 7


def test_anonymous_request_sends_no_credentials():
    transport, adapter, _rec = make([reply(200, {"scopes_supported": ["READ"]})], ca_path="/tmp/ca.pem")
    response = transport.request("GET", "/rest/oauth2/latest/.well-known/oauth-authorization-server",
                                 anonymous=True)
    assert response.body == {"scopes_supported": ["READ"]}
    sent = adapter.sent[0]
    assert "Authorization" not in sent["headers"]
    assert sent["headers"]["Accept"] == "application/json"
    assert sent["verify"] == "/tmp/ca.pem"


# --- status handling ----------------------------------------------------------------------------------

def test_expected_statuses_are_exact():
    transport, _adapter, _rec = make([reply(201, {"id": "1"})])
    with pytest.raises(HttpError) as err:
        transport.request("PUT", "/x", body={}, expect=(204,))
    assert err.value.status == 201


def test_204_without_body():
    transport, _adapter, _rec = make([reply(204)])
    assert transport.request("PUT", "/x", body={}, expect=(204,)).body is None


def test_404_allow_missing_returns_none_else_not_found_error():
    missing = {"errors": ["Client x does not exist."], "fieldErrors": {}}
    transport, _adapter, _rec = make([reply(404, text=""), reply(404, missing)])
    assert transport.request("GET", "/rest/oauth2-client/latest/config/name/x", allow_missing=True) is None
    with pytest.raises(NotFoundError) as err:
        transport.request("GET", "/rest/oauth2/latest/client/x")
    assert "HTTP 404" in str(err.value) and "does not exist" in str(err.value)


def test_non_json_body_is_text():
    transport, _adapter, _rec = make([reply(403, text="XSRF check failed")])
    with pytest.raises(HttpError) as err:
        transport.request("POST", "/rest/applinks/1.0/x", body={})
    assert err.value.messages == ["XSRF check failed"]


# --- retries ------------------------------------------------------------------------------------------

def test_429_then_success_waits_retry_after_and_warns():
    transport, adapter, rec = make([reply(429, {"message": "Rate limit"}, {"Retry-After": "3"}), reply(200, [])])
    assert transport.request("GET", "/a").status == 200
    assert len(adapter.sent) == 2
    assert rec.sleeps == [3.0]
    assert len(rec.warnings) == 1 and "429" in rec.warnings[0] and "retrying in 3.0s" in rec.warnings[0]


def test_retry_after_above_the_cap_is_capped():
    transport, _adapter, rec = make([reply(429, {"message": "x"}, {"Retry-After": "7200"}), reply(200, [])])
    transport.request("GET", "/a")
    assert rec.sleeps == [float(MAX_RETRY_AFTER)]


def test_post_is_retried_after_429():
    transport, adapter, _rec = make([reply(429, {"message": "x"}, {"Retry-After": "1"}), reply(200, {"id": "1"})])
    assert transport.request("POST", "/c", body={"name": "n"}).body == {"id": "1"}
    assert [s["method"] for s in adapter.sent] == ["POST", "POST"]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_post_never_resent_on_gateway_errors(status):
    transport, adapter, rec = make([reply(status, text="down"), reply(200, {"id": "1"})])
    with pytest.raises(AmbiguousWriteError) as err:
        transport.request("POST", "/c", body={"name": "n"})
    assert len(adapter.sent) == 1 and rec.sleeps == []
    assert "HTTP %s" % status in str(err.value) and "may or may not" in str(err.value)


def test_get_503_twice_then_success():
    transport, adapter, rec = make([reply(503, text="x"), reply(503, text="x"), reply(200, [])])
    assert transport.request("GET", "/a").status == 200
    assert len(adapter.sent) == 3 and len(rec.sleeps) == 2 and len(rec.warnings) == 2
    assert all(0 <= s <= 8 for s in rec.sleeps)


def test_retries_are_bounded():
    transport, adapter, _rec = make([reply(503, text="x")] * 3, retries=2)
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/a")
    assert err.value.status == 503 and len(adapter.sent) == 3


def test_retries_zero_means_one_try():
    transport, adapter, rec = make([reply(429, {"message": "x"}, {"Retry-After": "1"})], retries=0)
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/a")
    assert err.value.status == 429 and len(adapter.sent) == 1 and rec.sleeps == []


def test_500_is_not_retried():
    transport, adapter, _rec = make([reply(500, {"errors": ["boom"], "fieldErrors": {}})])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    assert len(adapter.sent) == 1
    assert str(err.value) == "HTTP 500 from GET /confluence/rest/oauth2/latest/client: boom"


def test_connection_error_on_get_is_retried_then_names_the_url():
    error = requests.exceptions.ConnectionError("Connection refused")
    transport, adapter, rec = make([error, error, error, error])
    with pytest.raises(TransportError) as err:
        transport.request("GET", "/a")
    assert len(adapter.sent) == 4 and len(rec.sleeps) == 3
    assert "cannot connect to %s/a" % BASE in str(err.value) and "url option" in str(err.value)
    assert not isinstance(err.value, (TlsError, AmbiguousWriteError))


def test_connection_error_on_post_is_ambiguous_and_not_resent():
    transport, adapter, _rec = make([requests.exceptions.ConnectionError("reset"), reply(200, {})])
    with pytest.raises(AmbiguousWriteError):
        transport.request("POST", "/c", body={})
    assert len(adapter.sent) == 1


def test_timeout_names_the_option():
    error = requests.exceptions.ReadTimeout("read timed out")
    transport, _adapter, _rec = make([error, error], retries=1, timeout=5)
    with pytest.raises(TransportError) as err:
        transport.request("GET", "/a")
    assert "timed out after 5s (option timeout)" in str(err.value)


def test_tls_error_names_ca_path_and_is_not_retried():
    transport, adapter, _rec = make([requests.exceptions.SSLError("certificate verify failed"), reply(200, [])])
    with pytest.raises(TlsError) as err:
        transport.request("GET", "/a")
    assert len(adapter.sent) == 1
    assert "ca_path" in str(err.value) and "validate_certs" in str(err.value)


def test_errors_never_carry_the_password():
    answers = [reply(401, {"errors": ["nope"], "fieldErrors": {}}), requests.exceptions.ConnectionError("x"),
               requests.exceptions.SSLError("bad cert")]
    transport, _adapter, _rec = make(answers, retries=0)
    for _attempt in range(3):
        with pytest.raises(Exception) as err:
            transport.request("GET", "/rest/oauth2/latest/client")
        assert PASSWORD not in str(err.value)


# --- other requests errors ----------------------------------------------------------------------------

def test_broken_response_body_on_get_is_retried():
    transport, adapter, rec = make([requests.exceptions.ChunkedEncodingError("broken"), reply(200, [])])
    assert transport.request("GET", "/a").status == 200
    assert len(adapter.sent) == 2 and len(rec.warnings) == 1


def test_broken_response_body_on_post_is_ambiguous():
    transport, adapter, _rec = make([requests.exceptions.ChunkedEncodingError("broken"), reply(200, {})])
    with pytest.raises(AmbiguousWriteError):
        transport.request("POST", "/c", body={})
    assert len(adapter.sent) == 1


def test_any_other_requests_error_is_one_clear_transport_error():
    transport, adapter, _rec = make([requests.exceptions.InvalidURL("Failed to parse"), reply(200, [])])
    with pytest.raises(TransportError) as err:
        transport.request("GET", "/a")
    assert str(err.value) == "GET %s/a failed (InvalidURL: Failed to parse)" % BASE
    assert len(adapter.sent) == 1


def test_describe_explains_known_message_keys():
    err = HttpError(400, "GET", BASE + "/rest/oauth2-client/latest/config/name/x",
                    ["oauth2.integrations.insecure.base.url.error.message"])
    assert err.describe() == ("HTTP 400 from GET /confluence/rest/oauth2-client/latest/config/name/x: "
                              "oauth2.integrations.insecure.base.url.error.message (the product's base "
                              "URL must use HTTPS for OAuth 2.0 outgoing links)")


# --- stateless: no cookies, no ~/.netrc (contract: Cookies: none; §1.5) --------------------------------

def test_cookies_the_product_sets_are_never_sent_back():
    cookie = {"Set-Cookie": "JSESSIONID=abc123; Path=/confluence; HttpOnly"}
    transport, adapter, _rec = make([reply(200, [], cookie), reply(200, [], cookie), reply(200, [])])
    for _attempt in range(3):
        transport.request("GET", "/rest/applinks/3.0/applinks")
    assert [s["headers"].get("Cookie") for s in adapter.sent] == [None, None, None]
    assert len(transport.session.cookies) == 0


def test_cookies_against_a_local_server_are_not_kept():
    """The same with a real socket: a server that sets a session cookie on every answer."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            seen.append(self.headers.get("Cookie"))
            self.send_response(200)
            self.send_header("Set-Cookie", "JSESSIONID=s%d; Path=/" % len(seen))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        transport = Transport("http://127.0.0.1:%d/jira" % server.server_address[1], username="admin",
                              password=PASSWORD, use_proxy=False)
        assert transport.request("GET", "/rest/applinks/3.0/applinks", shape="list").body == []
        assert transport.request("GET", "/rest/applinks/3.0/applinks", shape="list").body == []
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [None, None]


@pytest.fixture
def netrc_for_product(tmp_path, monkeypatch):
    path = tmp_path / "netrc"
    path.write_text("machine product.example.com login netrc-user password netrc-pw\n")
    path.chmod(0o600)
    monkeypatch.setenv("NETRC", str(path))
    return path


def test_token_is_not_replaced_by_netrc_credentials(netrc_for_product):
    transport, adapter, _rec = make([reply(200, [])], username=None, password=None, token="pat-123")
    transport.request("GET", "/x")
    assert adapter.sent[0]["headers"]["Authorization"] == "Bearer pat-123"


def test_anonymous_request_gets_no_netrc_credentials(netrc_for_product):
    transport, adapter, _rec = make([reply(200, {"id": "x"})])
    transport.request("GET", "https://product.example.com/rest/applinks/1.0/manifest", anonymous=True)
    assert "Authorization" not in adapter.sent[0]["headers"]


# --- structured fields for the failure result -------------------------------------------------------------

def test_errors_carry_status_method_url_and_field_errors():
    fields = {"name": ["Name is required."]}
    transport, _adapter, _rec = make([reply(400, {"errors": [], "fieldErrors": fields}),
                                      requests.exceptions.ConnectionError("refused"),
                                      reply(502, text="bad gateway"),
                                      requests.exceptions.SSLError("bad cert")], retries=0)
    url = BASE + "/rest/oauth2/latest/client"
    with pytest.raises(HttpError) as err:
        transport.request("POST", "/rest/oauth2/latest/client", body={})
    assert (err.value.status, err.value.method, err.value.url, err.value.field_errors) == (400, "POST", url, fields)
    with pytest.raises(TransportError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    assert (err.value.status, err.value.method, err.value.url, err.value.field_errors) == (None, "GET", url, {})
    with pytest.raises(AmbiguousWriteError) as err:
        transport.request("POST", "/rest/oauth2/latest/client", body={})
    assert (err.value.status, err.value.method, err.value.url) == (502, "POST", url)
    with pytest.raises(TlsError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    assert (err.value.status, err.value.method, err.value.url) == (None, "GET", url)


# --- proxies, client certificates -------------------------------------------------------------------------

def test_proxy_variables_are_honoured_by_default(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.com:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    transport, adapter, _rec = make([reply(200, [])])
    transport.request("GET", "/x")
    assert adapter.sent[0]["proxies"].get("https") == "http://proxy.example.com:3128"


def test_no_proxy_is_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.com:3128")
    monkeypatch.setenv("NO_PROXY", "product.example.com")
    transport, adapter, _rec = make([reply(200, [])])
    transport.request("GET", "/x")
    assert not adapter.sent[0]["proxies"].get("https")


def test_use_proxy_false_ignores_the_variables_but_keeps_tls(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.com:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/corp-bundle.pem")
    transport, adapter, _rec = make([reply(200, []), reply(200, [])], use_proxy=False)
    transport.request("GET", "/x")
    assert not adapter.sent[0]["proxies"].get("https")
    assert adapter.sent[0]["verify"] == "/etc/ssl/corp-bundle.pem"
    transport, adapter, _rec = make([reply(200, [])], use_proxy=False, ca_path="/tmp/my-ca.pem")
    transport.request("GET", "/x")
    assert adapter.sent[0]["verify"] == "/tmp/my-ca.pem"


def test_client_certificate_is_sent_to_the_product_only():
    transport, adapter, _rec = make([reply(200, []), reply(200, {"id": "1"})], client_cert="/c.pem",
                                    client_key="/k.pem")
    transport.request("GET", "/x")
    transport.request("GET", "https://remote.example.com/rest/applinks/1.0/manifest", anonymous=True)
    assert [s["cert"] for s in adapter.sent] == [("/c.pem", "/k.pem"), None]
    transport, adapter, _rec = make([reply(200, [])], client_cert="/both.pem")
    transport.request("GET", "/x")
    assert adapter.sent[0]["cert"] == "/both.pem"
