"""Host views of a linked Confluence and Bitbucket, for the tests of the two-way rules (test_two_way*.py)."""

import copy

C_BASE = "https://confluence.example.com/confluence"
B_BASE = "https://bitbucket.example.com"
FP_C, FP_B = "c0c0c0c0c0c0", "b0b0b0b0b0b0"  # fingerprints of the secrets each provider issued


def redirect(client_base, provider_base):
    """The formula spelled out: callback path + base64url(MD5(authorization endpoint)) (REST reference §7)."""
    import base64
    import hashlib
    endpoint = provider_base + "/rest/oauth2/latest/authorize"
    digest = base64.urlsafe_b64encode(hashlib.md5(endpoint.encode()).digest()).rstrip(b"=").decode()
    return client_base + "/plugins/servlet/oauth2/client/callback/" + digest


def incoming(client_name, client_base, provider_base, scope, client_id, fp):
    return {"id": "inc-" + client_id, "name": client_name, "client_id": client_id, "scope": scope,
            "redirect_uris": [redirect(client_base, provider_base)], "secret_fingerprint": fp}


def outgoing(provider_name, provider_base, scope, client_id, fp):
    return {"id": "out-" + client_id, "name": provider_name, "client_id": client_id, "scopes": [scope],
            "authorization_endpoint": provider_base + "/rest/oauth2/latest/authorize",
            "token_endpoint": provider_base + "/rest/oauth2/latest/token", "secret_fingerprint": fp}


def view(host, name, ptype, base, scope, inc, out):
    """A host view whose lists are the same before and after this run (copies: each can be changed alone)."""
    manifest = {"id": host + "-id", "name": name, "type": ptype, "url": base}

    def state(**lists):
        return copy.deepcopy(dict(lists, manifest=manifest, base_url=base))
    return {"host": host, "name": name, "type": ptype, "scope": scope,
            "read": {"state": state(outgoing=out)},
            "provider": {"state": state(incoming=inc, outgoing=out), "state_before": state(incoming=inc),
                         "results": [], "credentials": {}},
            "consumer": {"state": state(incoming=inc, outgoing=out), "results": []}}


def linked():
    """Confluence (READ) and Bitbucket (REPO_READ) linked both ways, before and after this run."""
    c = view("confluence", "Confluence", "confluence", C_BASE, "READ",
             [incoming("Bitbucket", B_BASE, C_BASE, "READ", "cid-b-at-c", FP_C)],
             [outgoing("Bitbucket", B_BASE, "REPO_READ", "cid-c-at-b", FP_B)])
    b = view("bitbucket", "Bitbucket", "bitbucket", B_BASE, "REPO_READ",
             [incoming("Confluence", C_BASE, B_BASE, "REPO_READ", "cid-c-at-b", FP_B)],
             [outgoing("Confluence", C_BASE, "READ", "cid-b-at-c", FP_C)])
    return c, b
