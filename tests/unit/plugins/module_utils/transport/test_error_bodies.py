"""Error bodies of the products (REST reference §1.3) and how HttpError describes them: messages, field errors,
the hints for 401/403 and redirects, a path without its query string."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    HttpError, InputError, NotFoundError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import parse_error_body

from fake_transport import BASE  # pylint: disable=wrong-import-order


# --- error bodies (REST reference §1.3) ---------------------------------------------------------------------

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
