"""OAuth 2.0 provider client administration (REST reference §6.1) against a real instance."""

import concurrent.futures
import re
import uuid

import pytest

from dcsim.tests.oauth2_support import ADMIN, MANAGER, PROVIDER, create_client, unique

CLIENT_URL = PROVIDER + "/client"


def test_create_returns_200_with_generated_credentials_and_normalised_fields(jira):
    name = unique("ci")
    r = jira.client().post(CLIENT_URL, {"name": f"  {name}  ", "scope": " WRITE READ  ",
                                        "redirects": ["https://b.example.com/cb", " ", "https://a.example.com/cb",
                                                      " https://b.example.com/cb "]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body) == ["id", "clientId", "clientSecret", "name", "redirects", "userKey", "scope"]
    assert uuid.UUID(body["id"]).version == 4
    assert re.fullmatch(r"[0-9a-f]{32}", body["clientId"])
    assert re.fullmatch(r"[0-9a-f]{64}", body["clientSecret"])
    assert body["name"] == name
    assert body["redirects"] == ["https://a.example.com/cb", "https://b.example.com/cb"]
    assert body["scope"] == "READ WRITE"
    assert body["userKey"] == "admin"
    c = jira.client()
    assert c.get(f"{CLIENT_URL}/{body['id']}").json() == body
    assert body in c.get(CLIENT_URL).json()


@pytest.mark.parametrize("auth", [None, MANAGER, ("user", "user")])
def test_only_system_administrators(jira, auth):
    c = jira.client(auth=auth)
    for method, path in (("GET", CLIENT_URL), ("POST", CLIENT_URL), ("GET", CLIENT_URL + "/x"),
                         ("PUT", CLIENT_URL + "/reset/x"), ("DELETE", CLIENT_URL + "/x")):
        r = c.request(method, path, {"name": "n", "redirects": ["https://a.example.com"], "scope": "READ"})
        assert r.status_code == 401, (method, path, r.text)
        body = r.json()
        assert set(body) == {"errors", "fieldErrors"} and body["fieldErrors"] == {} and body["errors"]
        assert r.headers["Cache-Control"] == "no-cache, no-store"


def test_validation_field_errors(jira):
    c = jira.client()
    r = c.post(CLIENT_URL, {"name": "  ", "redirects": [" ", ""], "scope": ""})
    assert r.status_code == 400
    assert r.headers["Cache-Control"] == "no-cache, no-store"
    body = r.json()
    assert body["errors"] == []
    assert set(body["fieldErrors"]) == {"name", "redirects", "scope"}
    bad = [("name", {"name": "x" * 256}),
           ("scope", {"scope": "READ NOPE"}),
           ("scope", {"scope": "REPO_READ"}),  # a Bitbucket scope is not a Jira scope
           ("redirects", {"redirects": ["http://app.example.com/cb"]}),
           ("redirects", {"redirects": ["https://app.example.com/cb#frag"]}),
           ("redirects", {"redirects": ["/relative/cb"]}),
           ("redirects", {"redirects": ["https://app.example.com/" + "x" * 450]}),
           ("redirects", {"redirects": ["https://app.example.com:notaport/cb"]})]
    for key, override in bad:
        body = {"name": unique(), "redirects": ["https://app.example.com/cb"], "scope": "READ"}
        body.update(override)
        r = c.post(CLIENT_URL, body)
        assert r.status_code == 400, (override, r.text)
        assert list(r.json()["fieldErrors"]) == [key], (override, r.text)


def test_localhost_redirect_may_be_http_and_scopes_are_sorted(jira):
    created = create_client(jira, redirects=["http://localhost:8080/cb"], scope="SYSTEM_ADMIN ADMIN READ")
    assert created["redirects"] == ["http://localhost:8080/cb"]
    assert created["scope"] == "ADMIN READ SYSTEM_ADMIN"


def test_duplicate_name_is_a_name_field_error(jira):
    created = create_client(jira)
    r = jira.client().post(CLIENT_URL, {"name": created["name"], "redirects": ["https://x.example.com"],
                                        "scope": "READ"})
    assert r.status_code == 400
    assert list(r.json()["fieldErrors"]) == ["name"]


def test_get_unknown_is_404_admin_error_body(jira):
    r = jira.client().get(f"{CLIENT_URL}/{uuid.uuid4()}")
    assert r.status_code == 404
    assert r.json()["fieldErrors"] == {} and len(r.json()["errors"]) == 1
    assert r.headers["Cache-Control"] == "no-cache, no-store"


def test_partial_update(jira):
    c = jira.client()
    created = create_client(jira, scope="READ")
    r = c.put(f"{CLIENT_URL}/{created['id']}", {"name": " ", "scope": "WRITE"})
    assert r.status_code == 204 and r.content == b""
    after = c.get(f"{CLIENT_URL}/{created['id']}").json()
    assert after == dict(created, scope="WRITE")
    new_name = unique("renamed")
    assert c.put(f"{CLIENT_URL}/{created['id']}", {"name": new_name, "redirects": [],
                                                   "scope": ""}).status_code == 204
    assert c.get(f"{CLIENT_URL}/{created['id']}").json() == dict(created, scope="WRITE", name=new_name)
    assert c.put(f"{CLIENT_URL}/{created['id']}", {"redirects": ["https://n.example.com/2",
                                                                 "https://n.example.com/1"]}).status_code == 204
    assert c.get(f"{CLIENT_URL}/{created['id']}").json()["redirects"] == ["https://n.example.com/1",
                                                                          "https://n.example.com/2"]
    # keeping its own name is not a conflict; taking another client's is
    assert c.put(f"{CLIENT_URL}/{created['id']}", {"name": new_name}).status_code == 204
    other = create_client(jira)
    r = c.put(f"{CLIENT_URL}/{created['id']}", {"name": other["name"]})
    assert r.status_code == 400 and list(r.json()["fieldErrors"]) == ["name"]
    r = c.put(f"{CLIENT_URL}/{created['id']}", {"scope": "BOGUS"})
    assert r.status_code == 400 and list(r.json()["fieldErrors"]) == ["scope"]
    assert c.put(f"{CLIENT_URL}/{uuid.uuid4()}", {"scope": "READ"}).status_code == 404


def test_delete_returns_the_deleted_client(jira):
    c = jira.client()
    created = create_client(jira)
    r = c.delete(f"{CLIENT_URL}/{created['id']}")
    assert r.status_code == 200
    assert r.json() == created
    assert c.get(f"{CLIENT_URL}/{created['id']}").status_code == 404
    assert c.delete(f"{CLIENT_URL}/{created['id']}").status_code == 404


def test_reset_secret_by_client_id_not_id(jira):
    c = jira.client()
    created = create_client(jira)
    r = c.put(f"{CLIENT_URL}/reset/{created['clientId']}")
    assert r.status_code == 200, r.text
    reset = r.json()
    assert re.fullmatch(r"[0-9a-f]{64}", reset["clientSecret"]) and reset["clientSecret"] != created["clientSecret"]
    assert reset == dict(created, clientSecret=reset["clientSecret"])
    assert c.get(f"{CLIENT_URL}/{created['id']}").json()["clientSecret"] == reset["clientSecret"]
    assert c.put(f"{CLIENT_URL}/reset/{created['id']}").status_code == 404


def _post_many(inst, names):
    c = inst.client()
    with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
        return list(pool.map(lambda n: c.post(CLIENT_URL, {"name": n, "redirects": ["https://p.example.com/cb"],
                                                           "scope": "READ"}, auth=ADMIN), names))


def test_parallel_creates_of_one_name_make_exactly_one_client(jira):
    name = unique("race")
    results = _post_many(jira, [name] * 20)
    assert sorted(r.status_code for r in results) == [200] + [400] * 19
    for r in results:
        if r.status_code == 400:
            assert r.json() == {"errors": [], "fieldErrors": {"name": r.json()["fieldErrors"]["name"]}}
    assert [cl["name"] for cl in jira.client().get(CLIENT_URL).json()].count(name) == 1


def test_parallel_creates_of_distinct_names_all_succeed(jira):
    results = _post_many(jira, [unique("many") for _ in range(20)])
    assert [r.status_code for r in results] == [200] * 20
    assert len({r.json()["clientId"] for r in results}) == 20
