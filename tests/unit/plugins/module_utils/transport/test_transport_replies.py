"""One clear failure for every reply the client cannot use (HTML, broken JSON, wrong shape, an unexpected
status), redacted body excerpts, and the hints for Basic switched off (REST reference §12.2) and redirects."""

import json

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    MASK, HttpError, UnexpectedResponseError, excerpt)

from fake_transport import BASE, PASSWORD, make, reply  # pylint: disable=wrong-import-order


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


def test_a_404_on_an_oauth2_list_says_the_plugin_is_missing():
    from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import HttpError
    exc = HttpError(404, "GET", "https://p.example.com/jira/rest/oauth2/latest/client", [])
    assert "the product has no OAuth 2.0 provider API at /rest/oauth2/latest" in str(exc)
    exc = HttpError(404, "GET", "https://p.example.com/rest/oauth2-client/latest/config", [])
    assert "no OAuth 2.0 client API at /rest/oauth2-client/latest" in str(exc)
    # A missing object is not a missing plugin.
    assert "plugin" not in str(HttpError(404, "GET", "https://p.example.com/rest/oauth2/latest/client/u1", []))
