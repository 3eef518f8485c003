"""OAuth 2.0 client configurations ("outgoing links", REST reference §7) against a real instance."""

import concurrent.futures
import uuid

import pytest

from dcsim.services.oauth2_client import redirect_uri_suffix
from dcsim.tests.oauth2_support import ADMIN, CALLBACK, CLIENT, MANAGER, suffix, unique

CONFIG = CLIENT + "/config"
GOOGLE_AUTH = "https://accounts.google.com/o/oauth2/v2/auth"


def _google(name=None, **overrides):
    body = {"name": name or unique("google"), "description": "Drive integration", "type": "google",
            "clientId": "1234.apps.googleusercontent.com", "clientSecret": "s3cr3t",
            "authorizationEndpoint": GOOGLE_AUTH, "tokenEndpoint": "https://oauth2.googleapis.com/token",
            "scopes": ["https://www.googleapis.com/auth/drive.readonly"],
            "redirectUriSuffix": "VZTVB3H4Eyo3R5KDvTp1vg"}
    body.update(overrides)
    return body


def test_suffix_matches_the_contract_examples():
    assert redirect_uri_suffix(GOOGLE_AUTH) == "VZTVB3H4Eyo3R5KDvTp1vg"
    # REST reference §11 worked values
    assert redirect_uri_suffix("https://jira.example.com/rest/oauth2/latest/authorize") == "p15aycRYQD-ybhHl_2h71g"
    assert redirect_uri_suffix("https://confluence.example.com/confluence/rest/oauth2/latest/authorize") == \
        "x-I544V3H_HY0fXYl1-ODA"


def test_create_read_and_find_by_name(confluence):
    c = confluence.client()
    body = _google(id="ignored-id")
    r = c.post(CONFIG, body)
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["id"] != "ignored-id" and uuid.UUID(created["id"])
    expected = {k: v for k, v in body.items() if k != "id"}
    expected.update(id=created["id"], type="GOOGLE", clientSecret=None)
    assert created == expected
    assert list(created) == ["id", "name", "description", "type", "clientId", "clientSecret",
                             "authorizationEndpoint", "tokenEndpoint", "scopes", "redirectUriSuffix"]
    assert c.get(f"{CONFIG}/{created['id']}").json() == created
    assert created in c.get(CONFIG).json()
    assert c.get(f"{CONFIG}/name/{created['name']}").json() == created


def test_name_lookup_404_has_an_empty_body(confluence):
    r = confluence.client().get(f"{CONFIG}/name/{unique('absent')}")
    assert r.status_code == 404
    assert r.content == b""


def test_get_unknown_is_404_admin_error_body(confluence):
    r = confluence.client().get(f"{CONFIG}/{uuid.uuid4()}")
    assert r.status_code == 404
    assert r.json()["fieldErrors"] == {} and len(r.json()["errors"]) == 1
    assert r.headers["Cache-Control"] == "no-cache, no-store"


@pytest.mark.parametrize("auth", [None, MANAGER])
def test_only_system_administrators(confluence, auth):
    c = confluence.client(auth=auth)
    for method, path in (("GET", CONFIG), ("POST", CONFIG), ("GET", f"{CONFIG}/name/x"),
                         ("GET", f"{CONFIG}/get-redirect-uri?authorizationEndpoint=x"), ("DELETE", f"{CONFIG}/x"),
                         ("POST", f"{CONFIG}/flow?id=x"), ("GET", f"{CONFIG}/flow/x")):
        r = c.request(method, path, _google())
        assert r.status_code == 401, (method, path)
        assert set(r.json()) == {"errors", "fieldErrors"} and r.json()["fieldErrors"] == {}
        assert r.headers["Cache-Control"] == "no-cache, no-store"


def test_validation_field_errors(confluence):
    c = confluence.client()
    r = c.post(CONFIG, {})
    assert r.status_code == 400
    assert r.json()["errors"] == []
    assert set(r.json()["fieldErrors"]) == {"name", "type", "clientId", "clientSecret", "authorizationEndpoint",
                                            "tokenEndpoint", "scopes", "redirectUriSuffix"}
    cases = [("name", {"name": "n" * 256}),
             ("description", {"description": "d" * 256}),
             ("type", {"type": "github"}),
             ("clientId", {"clientId": " "}),
             ("clientSecret", {"clientSecret": None}),
             ("clientSecret", {"clientSecret": "s" * 256}),
             ("tokenEndpoint", {"tokenEndpoint": "not a url"}),
             ("tokenEndpoint", {"tokenEndpoint": "http://oauth2.googleapis.com/token"}),
             ("scopes", {"scopes": [" ", ""]}),
             ("scopes", {"scopes": "drive"}),
             ("redirectUriSuffix", {"redirectUriSuffix": "wrong"}),
             ("redirectUriSuffix", {"redirectUriSuffix": None})]
    for key, override in cases:
        r = c.post(CONFIG, _google(**override))
        assert r.status_code == 400, (override, r.text)
        assert list(r.json()["fieldErrors"]) == [key], (override, r.text)
    endpoint = "http://accounts.example.com/auth"
    r = c.post(CONFIG, _google(authorizationEndpoint=endpoint, redirectUriSuffix=suffix(endpoint)))
    assert list(r.json()["fieldErrors"]) == ["authorizationEndpoint"]


def test_type_is_case_insensitive_and_scopes_are_normalised(confluence):
    r = confluence.client().post(CONFIG, _google(type="MicroSoft", scopes=["b", " ", "a", "b"]))
    assert r.status_code == 200, r.text
    assert r.json()["type"] == "MICROSOFT" and r.json()["scopes"] == ["a", "b"]


def test_duplicate_name(confluence):
    c = confluence.client()
    created = c.post(CONFIG, _google()).json()
    r = c.post(CONFIG, _google(name=created["name"]))
    assert r.status_code == 400 and list(r.json()["fieldErrors"]) == ["name"]


def test_update_and_delete(confluence):
    c = confluence.client()
    created = c.post(CONFIG, _google()).json()
    new_name = unique("renamed")
    update = _google(name=new_name, type="generic", clientSecret=None, scopes=["x"], id="other")
    r = c.put(f"{CONFIG}/{created['id']}", update)
    assert r.status_code == 204 and r.content == b""
    after = c.get(f"{CONFIG}/{created['id']}").json()
    assert after == dict(created, name=new_name, type="GENERIC", scopes=["x"])
    assert c.put(f"{CONFIG}/{created['id']}", _google(name=new_name, redirectUriSuffix="bad")).status_code == 400
    other = c.post(CONFIG, _google()).json()
    r = c.put(f"{CONFIG}/{created['id']}", _google(name=other["name"]))
    assert r.status_code == 400 and list(r.json()["fieldErrors"]) == ["name"]
    assert c.put(f"{CONFIG}/{uuid.uuid4()}", _google()).status_code == 404
    r = c.delete(f"{CONFIG}/{created['id']}")
    assert r.status_code == 204 and r.content == b""
    assert c.get(f"{CONFIG}/{created['id']}").status_code == 404
    assert c.delete(f"{CONFIG}/{created['id']}").status_code == 404


def test_get_redirect_uri(confluence):
    c = confluence.client()
    r = c.get(f"{CONFIG}/get-redirect-uri", params={"authorizationEndpoint": GOOGLE_AUTH})
    assert r.status_code == 200
    assert r.json() == {"redirectUri": f"{confluence.base_url}{CALLBACK}/VZTVB3H4Eyo3R5KDvTp1vg",
                        "redirectUriSuffix": "VZTVB3H4Eyo3R5KDvTp1vg"}
    assert c.get(f"{CONFIG}/get-redirect-uri").status_code == 400


def test_is_name_unique(confluence):
    c = confluence.client()
    created = c.post(CONFIG, _google()).json()
    url = f"{CONFIG}/is-name-unique"
    assert c.get(url, params={"name": created["name"]}).json() is False
    assert c.get(url, params={"name": created["name"], "id": created["id"]}).json() is True
    assert c.get(url, params={"name": unique("free"), "id": ""}).json() is True


def test_flow_errors(confluence):
    c = confluence.client()
    r = c.post(f"{CONFIG}/flow", params={"id": str(uuid.uuid4())})
    assert r.status_code == 404 and set(r.json()) == {"errors", "fieldErrors"}
    r = c.get(f"{CONFIG}/flow/{uuid.uuid4()}")
    assert r.status_code == 400 and r.json()["errors"]


def test_parallel_creates_of_one_name(confluence):
    c = confluence.client()
    name = unique("race")
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda _: c.post(CONFIG, _google(name=name), auth=ADMIN).status_code, range(20)))
    assert sorted(results) == [200] + [400] * 19
