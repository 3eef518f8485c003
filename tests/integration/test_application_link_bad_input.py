"""Bad input to application_link and application_link_info: each run fails with a message naming the option
or the cause, and writes nothing (input errors send no request at all)."""

import json

import pytest

from conftest import conn_vars

GENERIC = {"name": "Bad input", "type": "generic", "remote_url": "https://app.example.com"}


@pytest.fixture(scope="module")
def confluence(start_instance):
    return start_instance("confluence", "bad-confluence")


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "bad-jira")


def without(args, key):
    return dict((k, v) for k, v in args.items() if k != key)


# (id, module, args over GENERIC or {}, words the message must contain, whether no request may be sent at all)
CASES = [
    ("missing-remote-url", "application_link", without(GENERIC, "remote_url"), ["remote_url"], True),
    ("missing-type", "application_link", without(GENERIC, "type"), ["type"], True),
    ("relative-remote-url", "application_link", dict(GENERIC, remote_url="app.example.com/x"),
     ["remote_url", "absolute http(s) URL"], True),
    ("ftp-remote-url", "application_link", dict(GENERIC, remote_url="ftp://files.example.com"),
     ["remote_url", "ftp://files.example.com"], True),
    ("bad-display-url", "application_link", dict(GENERIC, display_url="not a url"), ["display_url"], True),
    ("unknown-type", "application_link", dict(GENERIC, type="gitlab"), ["type", "gitlab"], True),
    ("name-too-long", "application_link", dict(GENERIC, name="n" * 256), ["name", "255"], True),
    ("empty-name", "application_link", dict(GENERIC, name=""), ["name", "empty"], True),
    ("auth-on-generic", "application_link", dict(GENERIC, incoming_auth="oauth"),
     ["incoming_auth", "OAuth 1.0", "Atlassian"], True),
    ("outgoing-auth-on-generic", "application_link", dict(GENERIC, outgoing_auth="oauth"),
     ["outgoing_auth", "OAuth 1.0", "Atlassian"], True),
    ("unknown-auth-level", "application_link", dict(GENERIC, type="jira", outgoing_auth="basic"),
     ["outgoing_auth", "basic"], True),
    ("password-and-token", "application_link", dict(GENERIC, token="abc"), ["password", "token"], True),
    ("zero-timeout", "application_link", dict(GENERIC, timeout=0), ["timeout"], True),
    ("recreate-not-bool", "application_link", dict(GENERIC, recreate="sometimes"), ["recreate"], True),
    ("invalid-jmespath", "application_link_info", {"query": "[?direction=="}, ["query", "JMESPath"], True),
    ("info-unknown-type", "application_link_info", {"type": "gitlab"}, ["type", "gitlab"], True),
    ("unreachable-remote", "application_link",
     dict(GENERIC, type="jira", remote_url="https://127.0.0.1:9/jira", retries=0),
     ["https://127.0.0.1:9/jira/rest/applinks/1.0/manifest", "remote_url"], False),
    ("not-an-admin", "application_link", dict(GENERIC, username="user", password="user"),
     ["Failed to read application link 'Bad input'", "administrator"], False),
    ("info-not-an-admin", "application_link_info", {"username": "user", "password": "user"},
     ["Failed to read application links", "administrator"], False),
]


@pytest.fixture(scope="module")
def failures(confluence, run_playbook, tmp_path_factory):
    """Every case as one task of a playbook (ignore_errors), in two runs: the cases that must fail before any
    request, then the others; the dcsim request log of each run is kept."""
    client = confluence.client()
    results, logs, outputs = {}, {}, []
    for silent in (True, False):
        cases = [c for c in CASES if c[4] is silent]
        tasks = [{"name": c[0], "atlassian_dc.applinks." + c[1]: conn_vars(confluence, **c[2]),
                  "ignore_errors": True} for c in cases]
        playbook = tmp_path_factory.mktemp("bad") / "bad.yml"
        playbook.write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
        client.clear_log()
        run = run_playbook(str(playbook))
        logs[silent] = client.log()
        outputs.append(run.output)
        for case in cases:
            results[case[0]] = run.result(case[0])
    return results, logs, "".join(outputs)


@pytest.mark.parametrize("case_id,words", [(c[0], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_fails_naming_the_cause(failures, case_id, words):
    result = failures[0][case_id]
    assert result["_status"] == "failed", result
    for word in words:
        assert word in result["msg"], (word, result["msg"])


def test_input_errors_send_no_request_and_no_case_writes(failures):
    _results, logs, output = failures
    assert logs[True] == [], "input errors must fail before any request"
    assert [e for e in logs[False] if e["method"] != "GET"] == []
    assert "Traceback" not in output


def test_unreachable_remote_is_not_blamed_on_the_url_option(failures):
    assert "check the url option" not in failures[0]["unreachable-remote"]["msg"]


def test_non_admin_error_names_the_permission(run_module, confluence):
    res = run_module("application_link", conn_vars(confluence, username="user", password="user", **GENERIC))
    assert res.failed and res.get("status") in (401, 403)
    assert "HTTP %s" % res["status"] in res.msg and "need an administrator" in res.msg


def test_remote_of_another_type_fails_naming_type(run_module, confluence, jira):
    client = confluence.client()
    client.clear_log()
    res = run_module("application_link", conn_vars(confluence, name="Not Confluence", type="confluence",
                                                   remote_url=jira.base_url))
    assert res.failed
    assert "type: the application at %s is of type 'jira'" % jira.base_url in res.msg, res.msg
    assert client.writes() == []
