"""Helpers shared by the applinks and OAuth 1.0a tests."""

import hashlib
import uuid

import requests

DEAD_URL = "https://127.0.0.1:9/nothing"   # the discard port: connection refused
ADMIN_ONLY = {"status-code": 401, "message": "applinks.error.only.admin"}
WEBSUDO = {"status-code": 401, "message": "This resource requires WebSudo."}


def uniq(prefix="link"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def generic_id(url):
    """REST reference §2.8."""
    return str(uuid.UUID(bytes=hashlib.md5(url.rstrip("/").encode()).digest(), version=3))


def create_generic(client, name=None, url=None, version="2.0"):
    """A generic link through v2 PUT; returns (id, name, url)."""
    name = name or uniq("generic")
    url = url or f"https://{uniq('app')}.example.com/app"
    r = client.put(f"/rest/applinks/{version}/applicationlink",
                   {"typeId": "generic", "name": name, "rpcUrl": url, "displayUrl": url})
    assert r.status_code == 201, r.text
    return generic_id(url), name, url


def v1_put(client, link_id, type_id, name, url, **extra):
    body = {"id": link_id, "typeId": type_id, "name": name, "rpcUrl": url, "displayUrl": url}
    body.update(extra)
    return client.put(f"/rest/applinks/1.0/applicationlink/{link_id}", body)


def two_way(client, remote, name=None, trust=True, share=False, password="admin"):
    body = {"applicationLink": {"typeId": remote.info["product"] if remote.info["product"] != "bitbucket"
                                else "stash", "name": name or uniq(remote.info["product"]),
                                "rpcUrl": remote.base_url, "displayUrl": remote.base_url},
            "username": "admin", "password": password, "createTwoWayLink": True, "customRpcURL": False,
            "rpcUrl": "", "configFormValues": {"trustEachOther": trust, "shareUserbase": share}}
    return client.post("/rest/applinks/1.0/applicationlinkForm/createAppLink", body)


def cookie_session(instance, username="admin"):
    s = requests.Session()
    r = s.post(instance.base_url + "/rest/auth/1/session", json={"username": username, "password": username},
               verify=instance.ca_file, timeout=10)
    assert r.status_code == 200
    return s


def oauth_level(enabled=True, two_lo=True, two_loi=False):
    return {"enabled": enabled, "twoLoEnabled": two_lo, "twoLoImpersonationEnabled": two_loi}
