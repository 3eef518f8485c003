"""The Transport with a fake requests adapter (what dcsim cannot provoke), error bodies and their formatting."""

import base64
import json

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.atlassian_dc.applinks.plugins.module_utils import _transport
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import (
    AmbiguousWriteError, HttpError, InputError, NotFoundError, TlsError, TransportError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._retry import MAX_RETRY_AFTER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._transport import (
    USER_AGENT, Transport, parse_error_body)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._validate import check_url

BASE = "https://product.example.com/confluence"
PASSWORD = "pw-Very-S3cret"


def reply(status=200, body=None, headers=None, text=None):
    """A canned answer: a requests.Response built lazily, or an exception instance to raise."""
    return {"status": status, "body": body, "headers": headers or {}, "text": text}


class FakeAdapter(BaseAdapter):
    def __init__(self, answers):
        super(FakeAdapter, self).__init__()
        self.answers = list(answers)
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append({"method": request.method, "url": request.url, "headers": dict(request.headers),
                          "body": request.body, "verify": kwargs.get("verify"), "timeout": kwargs.get("timeout")})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.status_code = answer["status"]
        headers = dict(answer["headers"])
        if answer["body"] is not None:
            response._content = json.dumps(answer["body"]).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            response._content = (answer["text"] or "").encode()
            if answer["text"]:
                headers.setdefault("Content-Type", "text/plain")
        response.headers = CaseInsensitiveDict(headers)
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


def test_anonymous_request_sends_no_credentials(monkeypatch):
    seen = {}

    def fake_request(method, url, headers=None, **kwargs):
        seen.update(method=method, url=url, headers=headers, verify=kwargs.get("verify"))
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"scopes_supported": ["READ"]}'
        response.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
        return response

    monkeypatch.setattr(_transport.requests, "request", fake_request)
    transport, adapter, _rec = make([], ca_path="/tmp/ca.pem")
    response = transport.request("GET", "/rest/oauth2/latest/.well-known/oauth-authorization-server",
                                 anonymous=True)
    assert response.body == {"scopes_supported": ["READ"]}
    assert "Authorization" not in seen["headers"]
    assert seen["headers"]["Accept"] == "application/json"
    assert seen["verify"] == "/tmp/ca.pem"
    assert adapter.sent == []


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
    assert str(err.value) == "HTTP 500: boom"


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
    ("  <html>" + "x" * 500, ["<html>" + "x" * 294], {}),
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
    assert err.describe() == "HTTP 400: name: Name is required., Too long; scope: Unknown scope: X"
    assert str(err) == err.describe()


def test_describe_401_on_oauth2_apis_names_system_administrator():
    for path in ("/rest/oauth2/latest/client", "/rest/oauth2-client/latest/config"):
        err = HttpError(401, "GET", BASE + path, ["You must be a system administrator to access this resource."])
        text = err.describe()
        assert text.startswith("HTTP 401 (authentication failed or not permitted; the OAuth 2.0 APIs need a "
                               "system administrator)")
        assert text.endswith(": You must be a system administrator to access this resource.")


def test_describe_401_and_403_on_applinks_names_administrator():
    err = HttpError(401, "GET", BASE + "/rest/applinks/3.0/applinks", ["applinks.error.only.admin"])
    assert "application links need an administrator" in err.describe()
    err = HttpError(403, "GET", BASE + "/rest/applinks/3.0/applinks")
    assert err.describe().startswith("HTTP 403 (forbidden; application links need an administrator")


def test_describe_without_messages():
    assert HttpError(500, "GET", BASE + "/x").describe() == "HTTP 500"
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


# --- URL checks (_validate.check_url) -----------------------------------------------------------------

@pytest.mark.parametrize("value, fragment", [
    ("confluence.example.com", "must be an absolute http(s) URL, got 'confluence.example.com'"),
    ("ftp://confluence.example.com", "must be an absolute http(s) URL"),
    ("https://", "must be an absolute http(s) URL"),
    ("https://host:99999/x", "has an invalid port"),
    ("https://host/x#frag", "must not contain a #fragment"),
])
def test_check_url_rejects(value, fragment):
    with pytest.raises(InputError) as err:
        check_url("url", value)
    assert err.value.option == "url" and fragment in str(err.value)


@pytest.mark.parametrize("value", ["https://admin:S3cret@host/x", "admin:S3cret@host", "https://admin@host"])
def test_check_url_rejects_credentials_without_echoing_them(value):
    with pytest.raises(InputError) as err:
        check_url("url", value)
    assert "S3cret" not in str(err.value) and "admin" not in str(err.value)


def test_check_url_https_only_and_accepts():
    check_url("url", "https://host:8443/confluence")
    check_url("url", "http://localhost:1990/jira")
    check_url("url", None)
    with pytest.raises(InputError) as err:
        check_url("token_endpoint", "http://idp.example.com/t", https_only=True)
    assert "must use https" in str(err.value)


def test_describe_explains_known_message_keys():
    err = HttpError(400, "GET", BASE + "/rest/oauth2-client/latest/config/name/x",
                    ["oauth2.integrations.insecure.base.url.error.message"])
    assert err.describe() == ("HTTP 400: oauth2.integrations.insecure.base.url.error.message (the product's base "
                              "URL must use HTTPS for OAuth 2.0 outgoing links)")
