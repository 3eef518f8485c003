"""The client against dcsim and against a local stub server: TLS files checked before any request, the
TLS environment fallbacks, one clear failure for an unexpected reply, the Basic-disabled hint, no cookies.

The stub is a plain-HTTP server on 127.0.0.1 (dcsim cannot answer HTML, broken JSON or the Basic-disabled
403); the runs against it opt in with allow_insecure_http and show the plain-http warning, and a run without the
opt-in is refused before any request.
"""

import http.server
import json
import threading

import pytest

from conftest import conn_vars, unique

BASIC_OFF = {"message": "Basic Authentication has been disabled on this instance."}
BASIC_HINT = ("Basic authentication is disabled on the product; use token (a personal access token) instead of "
              "username/password")
LOGIN_PAGE = ("<!DOCTYPE html><html><head><title>Log in - Confluence</title></head><body>"
              + "<form action='/login'>password=hunter2-not-shown</form>" * 20 + "</body></html>")


class Stub:
    """Answers every request with `routes[(method, path)]` or `default`: (status, headers, body bytes)."""

    def __init__(self):
        self.routes = {}
        self.default = (200, {"Content-Type": "application/json"}, b"[]")
        self.seen = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?")[0]
                stub.seen.append({"method": self.command, "path": path, "headers": dict(self.headers)})
                status, headers, body = stub.routes.get((self.command, path), stub.default)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer  # noqa: N815 (http.server API)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = "http://127.0.0.1:%d/confluence" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reset(self, default):
        self.routes, self.default, self.seen = {}, default, []


@pytest.fixture(scope="module")
def stub():
    server = Stub()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def stub_args(stub_server, **extra):
    values = {"url": stub_server.base_url, "username": "admin", "password": "S3cret-stub-pw", "retries": 0,
              "allow_insecure_http": True}
    values.update(extra)
    return values


def no_crash(res):
    assert "MODULE FAILURE" not in res.output and "Traceback" not in res.output, res.output


# --- TLS files and their environment fallbacks, against dcsim ---------------------------------------------

@pytest.fixture(scope="module")
def tls_files(tmp_path_factory, confluence):
    root = tmp_path_factory.mktemp("tlsfiles")
    (root / "notes.txt").write_text("not a certificate\n")
    (root / "empty.pem").write_text("")
    key = root / "key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                   "-----END PRIVATE KEY-----\n")
    return {"missing": str(root / "missing.pem"), "dir": str(root), "text": str(root / "notes.txt"),
            "empty": str(root / "empty.pem"), "key": str(key), "ca": confluence.ca_file}


TLS_CASES = {
    "ca-missing": (dict(ca_path="{missing}"), "ca_path", "file not found"),
    "ca-directory": (dict(ca_path="{dir}"), "ca_path", "is a directory"),
    "ca-not-pem": (dict(ca_path="{text}"), "ca_path", "is not a PEM certificate file"),
    "ca-empty": (dict(ca_path="{empty}"), "ca_path", "is not a PEM certificate file"),
    "ca-is-a-key": (dict(ca_path="{key}"), "ca_path", "is not a PEM certificate file"),
    "client-cert-not-pem": (dict(client_cert="{text}"), "client_cert", "is not a PEM certificate file"),
    "client-key-without-cert": (dict(client_key="{key}"), "client_key", "needs client_cert"),
    "client-key-not-pem": (dict(client_cert="{ca}", client_key="{text}"), "client_key", "is not a PEM private key"),
}


@pytest.fixture(scope="module")
def tls_table(confluence, tls_files, run_playbook):
    cases = {}
    for case_id, (extra, _option, _fragment) in TLS_CASES.items():
        args = conn_vars(confluence, name=unique("tls"), redirect_uris=["https://app.example.com/cb"])
        args.update(dict((k, v.format(**tls_files)) for k, v in extra.items()))
        cases[case_id] = {"module": "oauth2_incoming", "args": args, "check": False}
    api = confluence.client()
    api.clear_log()
    play = run_playbook("bad_input.yml", {"cases": cases})
    log = api.log()
    results = dict((item["item"], item) for item in play.result("oauth2_incoming cases")["results"])
    return results, log


@pytest.mark.parametrize("case_id", sorted(TLS_CASES))
def test_bad_tls_files_fail_naming_the_option(tls_table, case_id):
    results, _log = tls_table
    _extra, option, fragment = TLS_CASES[case_id]
    result = results[case_id]
    assert result.get("failed") is True and result.get("option") == option, result
    assert result["msg"].startswith("Invalid option %s: " % option) and fragment in result["msg"], result["msg"]


def test_bad_tls_files_send_no_request_at_all(tls_table):
    _results, log = tls_table
    assert log == []


def info_args(instance, **extra):
    args = conn_vars(instance)
    args.pop("ca_path")
    args.update(extra)
    return args


def test_atlassian_ca_path_is_used(run_module, confluence):
    res = run_module("application_link_info", info_args(confluence), env={"ATLASSIAN_CA_PATH": confluence.ca_file})
    assert not res.failed, res.msg


def test_bad_atlassian_ca_path_fails_before_any_request(run_module, confluence, tls_files):
    api = confluence.client()
    api.clear_log()
    res = run_module("application_link_info", info_args(confluence), env={"ATLASSIAN_CA_PATH": tls_files["text"]})
    assert res.failed and res.get("option") == "ca_path" and "is not a PEM certificate file" in res.msg
    assert api.log() == []


def test_atlassian_validate_certs_false(run_module, confluence):
    res = run_module("application_link_info", info_args(confluence), env={"ATLASSIAN_VALIDATE_CERTS": "false",
                                                                          "ATLASSIAN_CA_PATH": "/nowhere.pem"})
    assert not res.failed, res.msg
    res = run_module("application_link_info", info_args(confluence), env={"ATLASSIAN_VALIDATE_CERTS": "true"})
    assert res.failed and "TLS verification" in res.msg


# --- unexpected replies, against the stub ------------------------------------------------------------------

@pytest.mark.parametrize("status, headers, body, problem", [
    (200, {"Content-Type": "text/html;charset=UTF-8"}, LOGIN_PAGE.encode(), "expected JSON, got an HTML"),
    (200, {"Content-Type": "application/json"}, b'[{"id": "1", "name": ', "the body is not valid JSON"),
    (502, {"Content-Type": "text/html"}, b"<html><body>502 Bad Gateway (proxy)</body></html>", None),
])
def test_unexpected_reply_is_one_clear_failure(run_module, stub, status, headers, body, problem):
    stub.reset((status, headers, body))
    res = run_module("oauth2_incoming", stub_args(stub, name="x", redirect_uris=["https://a.example/cb"]))
    no_crash(res)
    assert res.failed
    assert res.msg.startswith("Failed to read OAuth 2.0 incoming link 'x': HTTP %s from GET "
                              "/confluence/rest/oauth2/latest/client" % status), res.msg
    if problem:
        assert problem in res.msg and "body starts: " + body.decode()[:20] in res.msg
    else:
        assert "502 Bad Gateway (proxy)" in res.msg
    assert "hunter2" not in res.output and "S3cret-stub-pw" not in res.output
    assert len(res.msg) < 600
    assert res.get("status") == status
    assert any("plain http" in w and "clear text" in w for w in res.get("warnings", [])), res.get("warnings")


MODULE_ARGS = {
    "application_link": dict(name="x", type="generic", remote_url="https://app.example.com"),
    "application_link_info": {},
    "oauth2_incoming": dict(name="x", redirect_uris=["https://a.example/cb"]),
    "oauth2_outgoing": dict(name="x", provider="google", client_id="cid", client_secret="csecret-xyz",
                            scopes=["https://www.googleapis.com/auth/drive.readonly"]),
}


@pytest.mark.parametrize("module", sorted(MODULE_ARGS))
def test_basic_disabled_403_says_use_a_token(run_module, stub, module):
    stub.reset((403, {"Content-Type": "application/json"}, json.dumps(BASIC_OFF).encode()))
    res = run_module(module, stub_args(stub, **MODULE_ARGS[module]))
    no_crash(res)
    assert res.failed and res.msg.count(BASIC_HINT) == 1, res.msg
    assert res.get("status") == 403
    assert res.output.count("FAILED!") == 1
    assert len(stub.seen) == 1 and stub.seen[0]["headers"]["Authorization"].startswith("Basic ")
    assert "S3cret-stub-pw" not in res.output and "csecret-xyz" not in res.output


def test_no_cookie_is_ever_sent_back(run_module, stub):
    cookie = {"Content-Type": "application/json", "Set-Cookie": "JSESSIONID=stub-session; Path=/confluence"}
    stub.reset((200, cookie, b"[]"))
    created = {"id": "7", "name": "x", "clientId": "cid", "clientSecret": "s", "redirects": ["https://a.example/cb"],
               "scope": "READ"}
    stub.routes[("POST", "/confluence/rest/oauth2/latest/client")] = (200, cookie, json.dumps(created).encode())
    res = run_module("oauth2_incoming", stub_args(stub, name="x", redirect_uris=["https://a.example/cb"],
                                                  scope="READ"))
    no_crash(res)
    assert not res.failed, res.msg
    assert len(stub.seen) >= 2
    assert [e["headers"].get("Cookie") for e in stub.seen] == [None] * len(stub.seen)
    assert all(e["headers"].get("Authorization", "").startswith("Basic ") for e in stub.seen
               if "well-known" not in e["path"])


# --- plain http, against the stub --------------------------------------------------------------------------

def test_plain_http_is_refused_before_any_request(run_module, stub):
    """The password or token would cross the network in clear text: refused unless allow_insecure_http."""
    stub.reset((200, {"Content-Type": "application/json"}, b"[]"))
    args = stub_args(stub, name="x", redirect_uris=["https://a.example/cb"])
    args.pop("allow_insecure_http")
    res = run_module("oauth2_incoming", args)
    no_crash(res)
    assert res.failed and res.get("option") == "url", res.result
    assert "clear text" in res.msg and "allow_insecure_http" in res.msg, res.msg
    assert stub.seen == []
    assert "S3cret-stub-pw" not in res.output


@pytest.mark.parametrize("opt_in", ["option", "environment"])
def test_plain_http_with_the_opt_in_warns_and_runs(run_module, stub, opt_in):
    stub.reset((200, {"Content-Type": "application/json"}, b"[]"))
    manifest = {"id": "stub-id", "name": "Stub", "typeId": "confluence", "version": "9.2.6", "url": stub.base_url}
    stub.routes[("GET", "/confluence/rest/applinks/1.0/manifest")] = (
        200, {"Content-Type": "application/json"}, json.dumps(manifest).encode())
    args = stub_args(stub)
    args.pop("allow_insecure_http", None)
    env = {}
    if opt_in == "option":
        args["allow_insecure_http"] = True
    else:
        env["ATLASSIAN_ALLOW_INSECURE_HTTP"] = "true"
    res = run_module("application_link_info", args, env=env)
    no_crash(res)
    assert not res.failed, res.msg
    assert stub.seen
    assert any("plain http" in w and "clear text" in w for w in res.get("warnings", [])), res.get("warnings")
