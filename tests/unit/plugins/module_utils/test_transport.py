"""The Transport with a fake requests adapter (what dcsim cannot provoke), error bodies and their formatting."""

import base64
import email.message
import http.server
import json
import threading

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import (
    MASK, AmbiguousWriteError, HttpError, InputError, NotFoundError, TlsError, TransportError,
    UnexpectedResponseError, excerpt)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._retry import MAX_RETRY_AFTER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._transport import (
    USER_AGENT, Transport, parse_error_body)

BASE = "https://product.example.com/confluence"
PASSWORD = "pw-Very-S3cret"


def reply(status=200, body=None, headers=None, text=None, raw=None):
    """A canned answer: a requests.Response built lazily, or an exception instance to raise.
    body: JSON; text: text/plain unless headers say otherwise; raw: bytes as they are."""
    return {"status": status, "body": body, "headers": headers or {}, "text": text, "raw": raw}


class RawWithHeaders(object):
    """What requests' cookie extraction reads from a urllib3 response: `_original_response.msg`."""

    def __init__(self, headers):
        msg = email.message.Message()
        for key, value in headers.items():
            for item in (value if isinstance(value, list) else [value]):
                msg[key] = item
        self._original_response = type("Original", (), {"msg": msg})()


class FakeAdapter(BaseAdapter):
    def __init__(self, answers):
        super(FakeAdapter, self).__init__()
        self.answers = list(answers)
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append({"method": request.method, "url": request.url, "headers": dict(request.headers),
                          "body": request.body, "verify": kwargs.get("verify"), "timeout": kwargs.get("timeout"),
                          "proxies": kwargs.get("proxies"), "cert": kwargs.get("cert")})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.status_code = answer["status"]
        headers = dict(answer["headers"])
        if answer.get("raw") is not None:
            response._content = answer["raw"]
        elif answer["body"] is not None:
            response._content = json.dumps(answer["body"]).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            response._content = (answer["text"] or "").encode()
            if answer["text"]:
                headers.setdefault("Content-Type", "text/plain")
        response.headers = CaseInsensitiveDict(headers)
        response.raw = RawWithHeaders(headers)   # lets requests read Set-Cookie like from a real socket
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


class Recorder(object):
    def __init__(self):
        self.sleeps = []
        self.warnings = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def warn(self, msg):
        self.warnings.append(msg)


def make(answers, **kwargs):
    rec = Recorder()
    kwargs.setdefault("username", "admin")
    kwargs.setdefault("password", PASSWORD)
    transport = Transport(BASE, warn=rec.warn, sleep=rec.sleep, **kwargs)
    adapter = FakeAdapter(answers)
    transport.session.mount("https://", adapter)
    transport.session.mount("http://", adapter)
    return transport, adapter, rec


# --- headers, auth, TLS -------------------------------------------------------------------------------

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


# --- error bodies (contract §1.3) ---------------------------------------------------------------------

@pytest.mark.parametrize("body, messages, fields", [
    # status body (v1, v2, applinks-oauth)
    ({"status-code": 404, "message": "No application link found"}, ["No application link found"], {}),
    # security error (websudo)
    ({"status-code": 401, "message": "This resource requires WebSudo."}, ["This resource requires WebSudo."], {}),
    # error-list body, with and without form fields
    ({"status": 400, "message": ["applinks.error.duplicate.url"]}, ["applinks.error.duplicate.url"], {}),
    ({"status": 400, "message": ["Name is required", "URL invalid"], "fields": ["application-name", "url"]},
     ["Name is required", "URL invalid", "fields: application-name, url"], {}),
    # v3 error body, with and without details/context
    ({"status": 404, "errors": [{"summary": "Not found"}]}, ["Not found"], {}),
    ({"status": 400, "errors": [{"summary": "Bad", "context": "rpcUrl", "details": ["line 1", "line 2"]}]},
     ["Bad", "line 1", "line 2"], {}),
    # OAuth 2.0 admin error body
    ({"errors": ["You must be a system administrator"], "fieldErrors": {}},
     ["You must be a system administrator"], {}),
    ({"errors": [], "fieldErrors": {"name": ["Name is required."], "scope": ["Unknown scope: X"]}},
     [], {"name": ["Name is required."], "scope": ["Unknown scope: X"]}),
    # token error body
    ({"error": "invalid_grant", "error_description": "bad code"}, ["invalid_grant: bad code"], {}),
    ({"error": "invalid_client"}, ["invalid_client: "], {}),
    # rate-limit body
    ({"message": "Rate limit exceeded."}, ["Rate limit exceeded."], {}),
    # XSRF failure (plain text) and an HTML error page
    ("XSRF check failed", ["XSRF check failed"], {}),
    ("  <html>" + "x" * 500, ["<html>" + "x" * 194 + "..."], {}),
    # nothing
    (None, [], {}),
    ("", [], {}),
    ({}, [], {}),
    ([1, 2], [], {}),
])
def test_parse_error_body(body, messages, fields):
    assert parse_error_body(body) == (messages, fields)


def test_describe_formats_messages_and_field_errors():
    err = HttpError(400, "POST", BASE + "/rest/oauth2/latest/client", [],
                    {"scope": ["Unknown scope: X"], "name": ["Name is required.", "Too long"]})
    assert err.describe() == ("HTTP 400 from POST /confluence/rest/oauth2/latest/client: name: Name is required., "
                              "Too long; scope: Unknown scope: X")
    assert str(err) == err.describe()


def test_describe_401_on_oauth2_apis_names_system_administrator():
    for path in ("/rest/oauth2/latest/client", "/rest/oauth2-client/latest/config"):
        err = HttpError(401, "GET", BASE + path, ["You must be a system administrator to access this resource."])
        text = err.describe()
        assert text.startswith("HTTP 401 (authentication failed or not permitted; the OAuth 2.0 APIs need a "
                               "system administrator) from GET /confluence" + path)
        assert text.endswith(": You must be a system administrator to access this resource.")


def test_describe_401_and_403_on_applinks_names_administrator():
    err = HttpError(401, "GET", BASE + "/rest/applinks/3.0/applinks", ["applinks.error.only.admin"])
    assert "application links need an administrator" in err.describe()
    err = HttpError(403, "GET", BASE + "/rest/applinks/3.0/applinks")
    assert err.describe().startswith("HTTP 403 (forbidden; application links need an administrator")
    assert err.describe().endswith(") from GET /confluence/rest/applinks/3.0/applinks")


def test_describe_without_messages():
    assert HttpError(500, "GET", BASE + "/x?secret=1").describe() == "HTTP 500 from GET /confluence/x"
    assert isinstance(NotFoundError(404, "GET", "/x"), HttpError)


def test_input_error_names_the_option():
    err = InputError("scope", "must name at least one scope")
    assert str(err) == "scope: must name at least one scope" and err.option == "scope"
    assert str(InputError(None, "plain")) == "plain"


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


# --- one clear failure for every unexpected reply -------------------------------------------------------

LOGIN_HTML = "<html><head><title>Log in</title></head><body>" + "<p>Please log in</p>" * 40 + "</body></html>"


def test_html_page_with_200_is_an_unexpected_response():
    transport, _adapter, _rec = make([reply(200, text=LOGIN_HTML, headers={"Content-Type": "text/html"})])
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("GET", "/rest/oauth2/latest/client", shape="list")
    text = str(err.value)
    assert text.startswith("HTTP 200 from GET /confluence/rest/oauth2/latest/client is not the expected reply: "
                           "expected JSON, got an HTML or XML page")
    assert "Content-Type text/html" in text and "body starts: <html><head><title>Log in</title>" in text
    assert len(err.value.excerpt) <= 203
    assert isinstance(err.value, HttpError)
    assert (err.value.status, err.value.method, err.value.url) == (200, "GET", BASE + "/rest/oauth2/latest/client")


def test_html_page_is_an_error_even_without_shape():
    transport, _adapter, _rec = make([reply(200, text=LOGIN_HTML, headers={"Content-Type": "text/html"})])
    with pytest.raises(UnexpectedResponseError):
        transport.request("GET", "/rest/oauth2-client/latest/config/name/x", allow_missing=True)


def test_broken_json_is_an_unexpected_response():
    transport, _adapter, _rec = make([reply(200, raw=b'{"id": "1", "name": ', headers={
        "Content-Type": "application/json"})])
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("POST", "/rest/oauth2/latest/client", body={"name": "n"}, shape="dict")
    assert "HTTP 200 from POST /confluence/rest/oauth2/latest/client" in str(err.value)
    assert "the body is not valid JSON" in str(err.value) and '{"id": "1", "name":' in str(err.value)


@pytest.mark.parametrize("shape, body, got", [
    ("list", {"errors": []}, "a JSON object"),
    ("dict", [1, 2], "a JSON list"),
    ("dict", "text", "a JSON string"),
    ("list", None, "JSON null"),
    ("dict", True, "JSON true"),
    ("list", 3, "a JSON number"),
])
def test_json_of_the_wrong_shape(shape, body, got):
    transport, _adapter, _rec = make([reply(200, raw=json.dumps(body).encode(), headers={
        "Content-Type": "application/json"})])
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("GET", "/rest/applinks/3.0/applinks", shape=shape)
    expected = {"list": "a JSON list", "dict": "a JSON object"}[shape]
    assert "expected %s, got %s" % (expected, got) in str(err.value)


def test_shape_wants_a_body_but_none_accepts_an_empty_one():
    transport, _adapter, _rec = make([reply(200, text=""), reply(200, text="")])
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("GET", "/x", shape="list")
    assert "expected a JSON list, got an empty body" in str(err.value)
    assert transport.request("GET", "/x").body is None


def test_json_is_decoded_whatever_the_content_type_says():
    transport, _adapter, _rec = make([reply(200, text='["a"]', headers={"Content-Type": "text/plain"})])
    assert transport.request("GET", "/x", shape="list").body == ["a"]


def test_raw_returns_text_for_xml_endpoints():
    xml = '<?xml version="1.0"?><manifest><id>x</id></manifest>'
    transport, _adapter, _rec = make([reply(200, text=xml, headers={"Content-Type": "application/xml"})])
    assert transport.request("GET", "/rest/applinks/1.0/manifest", raw=True, shape="dict").body == xml


def test_unknown_shape_is_a_programming_error():
    transport, adapter, _rec = make([])
    with pytest.raises(ValueError):
        transport.request("GET", "/x", shape="tuple")
    assert adapter.sent == []


def test_a_404_page_is_not_taken_for_absent():
    page = "<html><body>404 Not Found (nginx)</body></html>"
    transport, _adapter, _rec = make([reply(404, text=page, headers={"Content-Type": "text/html"})])
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("GET", "/rest/applinks/3.0/applinks/x", allow_missing=True)
    assert err.value.status == 404 and "context path" in str(err.value) and "nginx" in str(err.value)


def test_error_status_with_html_names_request_status_and_excerpt():
    transport, _adapter, _rec = make([reply(500, text="<html>" + "Internal error " * 50 + "</html>",
                                            headers={"Content-Type": "text/html"})])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    text = str(err.value)
    assert text.startswith("HTTP 500 from GET /confluence/rest/oauth2/latest/client: <html>Internal error")
    assert text.endswith("...") and len(text) < 300


def test_error_json_without_known_fields_is_shown_as_excerpt():
    transport, _adapter, _rec = make([reply(500, {"weird": "shape", "clientSecret": "cs-123456"})])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/x")
    assert '"weird": "shape"' in str(err.value) and "cs-123456" not in str(err.value)


def test_excerpts_mask_secrets_and_the_known_credentials():
    body = ('{"name": "ci", "clientId": "id-1", "clientSecret": "cs-Very-Secret", "client_secret": "x1",'
            ' "access_token": "at-1", "refresh_token": 42, "echo": "%s"}' % PASSWORD)
    transport, _adapter, _rec = make([reply(200, raw=body.encode(), headers={"Content-Type": "text/html"})])
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("GET", "/x", shape="list")
    text = str(err.value)
    for secret in ("cs-Very-Secret", '"x1"', "at-1", "42", PASSWORD):
        assert secret not in text
    assert '"clientId": "id-1"' in text and '"clientSecret": "********"' in text


@pytest.mark.parametrize("text, hidden", [
    ("grant_type=x&client_secret=abc&token=t0k&code=1", ["abc", "t0k"]),
    ("<user><password>hunter2</password></user>", ["hunter2"]),
    ("Authorization: Bearer eyJhbGciOi.xyz and Basic YWRtaW46cHc=", ["eyJhbGciOi.xyz", "YWRtaW46cHc="]),
    ('{"password":"p w"}', ['"p w"']),
])
def test_excerpt_redaction_patterns(text, hidden):
    shown = excerpt(text)
    assert MASK in shown
    for value in hidden:
        assert value not in shown


def test_excerpt_keeps_prose_about_authentication():
    assert excerpt("Basic Authentication has been disabled; Bearer token required") == (
        "Basic Authentication has been disabled; Bearer token required")


def test_json_must_be_utf8_whatever_the_declared_charset():
    body = json.dumps({"name": "Zürich"}, ensure_ascii=False).encode("utf-8")
    transport, _adapter, _rec = make([reply(200, raw=body, headers={"Content-Type": "text/html"}),
                                      reply(200, raw=b'{"name": "Z\xfcrich"}', headers={})])
    assert transport.request("GET", "/x", shape="dict").body == {"name": "Zürich"}
    with pytest.raises(UnexpectedResponseError) as err:
        transport.request("GET", "/x", shape="dict")
    assert "not valid JSON" in str(err.value)


def test_excerpt_is_one_line_and_capped():
    assert excerpt("a\n  b\tc") == "a b c"
    assert excerpt("x" * 500) == "x" * 200 + "..."
    assert excerpt(None) == "" and excerpt(b"bytes") == "bytes"


# --- hints ------------------------------------------------------------------------------------------------

BASIC_OFF = {"message": "Basic Authentication has been disabled on this instance."}


@pytest.mark.parametrize("answer", [reply(403, BASIC_OFF), reply(403, {"message": "basic auth is DISABLED for me"}),
                                    reply(403, {"errors": ["Basic authentication disabled"], "fieldErrors": {}}),
                                    reply(403, text="Basic Authentication has been disabled on this instance.")])
def test_403_basic_disabled_says_use_a_token(answer):
    transport, _adapter, _rec = make([answer])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/applinks/3.0/applinks")
    assert str(err.value).startswith("HTTP 403 (Basic authentication is disabled on the product; use token (a "
                                     "personal access token) instead of username/password) from GET ")
    assert "application links need an administrator" not in str(err.value)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_a_login_page_is_not_followed(status):
    location = "/confluence/login.action?os_destination=%2Frest%2Fapplinks%2F3.0%2Fapplinks"
    transport, adapter, _rec = make([reply(status, text="", headers={"Location": location}), reply(200, [])])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/applinks/3.0/applinks")
    assert len(adapter.sent) == 1
    assert err.value.status == status and err.value.location == "https://product.example.com" + location
    assert ("the product redirected to a login page (https://product.example.com/confluence/login.action)"
            in str(err.value))
    assert "check url and credentials" in str(err.value) and "os_destination" not in str(err.value)


def test_redirect_to_another_base_url_names_it():
    location = "https://wiki.example.com/confluence/rest/oauth2/latest/client"
    transport, _adapter, _rec = make([reply(301, text="", headers={"Location": location})])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    assert ("the product redirected to https://wiki.example.com/confluence: set url to the product's base URL"
            in str(err.value))


def test_redirect_elsewhere_names_the_location():
    transport, _adapter, _rec = make([reply(302, text="", headers={"Location": "https://maintenance.example.com/"}),
                                      reply(302, text="")])
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    assert "redirected to https://maintenance.example.com/: set url" in str(err.value)
    with pytest.raises(HttpError) as err:
        transport.request("GET", "/rest/oauth2/latest/client")
    assert "redirected without a Location" in str(err.value)


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
