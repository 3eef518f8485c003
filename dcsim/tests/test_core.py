"""Cross-cutting behaviour of every instance: TLS, auth, XSRF, negotiation, simulator controls, restart."""

import base64
import concurrent.futures

import pytest
import requests

from dcsim import testing


def test_tls_verifies_with_generated_ca_and_fails_without(confluence):
    ok = requests.get(confluence.base_url + "/_dcsim/health", verify=confluence.ca_file, timeout=5)
    assert ok.status_code == 200
    assert ok.json()["serverId"] == confluence.server_id
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(confluence.base_url + "/_dcsim/health", verify=True, timeout=5)


def test_basic_auth_wrong_password_is_401_status_body(confluence):
    r = confluence.client(auth=("admin", "wrong")).get("/rest/applinks/1.0/applicationlink")
    assert r.status_code == 401
    assert r.json()["status-code"] == 401


def test_pat_authenticates_as_its_user(confluence):
    c = confluence.client()
    r = c.post("/rest/pat/latest/tokens", {"name": "ci", "expirationDuration": 90})
    assert r.status_code == 201, r.text
    token = r.json()["rawToken"]
    me = c.get("/rest/api/latest/myself", auth=None, headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["name"] == "admin" and me.json()["authenticatedVia"] == "pat"
    bad = c.get("/rest/api/latest/myself", auth=None, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_xsrf_enforced_on_form_post_without_header(confluence):
    c = confluence.client()
    r = c.post("/rest/pat/latest/tokens", headers={"Content-Type": "application/x-www-form-urlencoded",
                                                    "X-Atlassian-Token": ""}, data="name=x")
    assert r.status_code == 403
    assert r.text == "XSRF check failed"


def test_xml_unless_json_is_accepted(confluence):
    c = confluence.client(auth=("admin", "wrong"))
    r = c.get("/rest/applinks/1.0/applicationlink", headers={"Accept": "*/*"})
    assert r.status_code == 401
    assert r.headers["Content-Type"].startswith("application/xml")
    assert r.text.startswith("<status>")


def test_request_log_records_and_clears(confluence):
    c = confluence.client()
    c.clear_log()
    c.get("/rest/api/latest/myself")
    host = confluence.base_url.split("://", 1)[1].split("/", 1)[0]
    assert c.log() == [{"method": "GET", "path": "/confluence/rest/api/latest/myself", "status": 200, "host": host,
                        "serverCall": False}]
    c.clear_log()
    assert c.log() == []


def test_simulator_endpoints_need_sysadmin(confluence):
    r = confluence.client(auth=("manager", "manager")).get("/_dcsim/requests")
    assert r.status_code in (401, 403)


def test_fault_429_carries_retry_after_and_ratelimit_headers(confluence):
    c = confluence.client()
    c.faults([{"path_prefix": "/rest/api", "status": 429, "retry_after": 2, "count": 1}])
    first = c.get("/rest/api/latest/myself")
    second = c.get("/rest/api/latest/myself")
    assert first.status_code == 429
    assert first.headers["Retry-After"] == "2"
    for header in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-FillRate",
                   "X-RateLimit-Interval-Seconds"):
        assert header in first.headers
    assert first.json() == {"message": "Rate limit exceeded."}
    assert second.status_code == 200


def test_fault_503_then_success_and_drop(confluence):
    c = confluence.client()
    c.faults([{"path_prefix": "/rest/api", "status": 503, "count": 2},
              {"path_prefix": "/rest/pat", "action": "drop", "count": 1}])
    assert [c.get("/rest/api/latest/myself").status_code for _ in range(3)] == [503, 503, 200]
    with pytest.raises(requests.exceptions.ConnectionError):
        c.post("/rest/pat/latest/tokens", {"name": "dropped"})
    c.faults([])


def test_fault_input_is_validated(confluence):
    r = confluence.client().put("/_dcsim/faults", {"faults": [{"status": 418}]})
    assert r.status_code == 400


def test_rate_limit_token_bucket(start_instance):
    inst = start_instance("jira", name="ratelimited", extra_args=["--rate-limit", "2"])
    c = inst.client()
    statuses = [c.get("/rest/api/latest/myself").status_code for _ in range(4)]
    assert statuses[:2] == [200, 200] and 429 in statuses[2:]


def test_restart_keeps_server_id_and_consumer_key(tmp_path, ca_dir):
    first = testing.start("jira", tmp_path / "d", ca_dir=ca_dir)
    try:
        server_id = first.server_id
        token = first.client().post("/rest/pat/latest/tokens", {"name": "keep"}).json()["rawToken"]
    finally:
        first.stop()
    second = testing.start("jira", tmp_path / "d", ca_dir=ca_dir)
    try:
        assert second.server_id == server_id
        me = second.client(auth=None).get("/rest/api/latest/myself", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200
    finally:
        second.stop()


def test_cookie_session_authenticates(confluence):
    s = requests.Session()
    r = s.post(confluence.base_url + "/rest/auth/1/session", json={"username": "admin", "password": "admin"},
               verify=confluence.ca_file, timeout=5)
    assert r.status_code == 200
    me = s.get(confluence.base_url + "/rest/api/latest/myself", verify=confluence.ca_file, timeout=5)
    assert me.json()["authenticatedVia"] == "cookie"


def test_parallel_pat_creation_is_safe(confluence):
    c = confluence.client()
    auth = "Basic " + base64.b64encode(b"admin:admin").decode()
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda i: c.post("/rest/pat/latest/tokens", {"name": f"p{i}"},
                                                 headers={"Authorization": auth}).status_code, range(20)))
    assert results == [201] * 20
