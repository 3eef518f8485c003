"""application_link's matching against a fake product: ids, names, synthetic OAuth 2.0 entries, request count."""

import uuid

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._applinks import generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import (
    InputError, NotFoundError, TransportError)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._resources_applinks import (
    ApplicationLink, RemoteUnreachable, maybe_synthetic)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._transport import Response

PRODUCT = "https://confluence.example.com/confluence"
JIRA = "https://jira.example.com"
JIRA_ID = "144880e9-a353-312f-9412-ed028e8166fa"


class FakeModule(object):
    def __init__(self, **params):
        self.params = dict(name=None, type=None, remote_url=None, display_url=None, primary=None,
                           incoming_auth=None, outgoing_auth=None, relocate=True, state="present",
                           url=PRODUCT)
        self.params.update(params)
        self.check_mode = False
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)


class FakeTransport(object):
    """GETs of a product (`links`, `real` ids) and of remote manifests (`manifests`: url -> manifest)."""

    def __init__(self, links, manifests=None, real=None, oauth=None):
        self.links = links
        self.manifests = manifests or {}
        self.real = set(real if real is not None else [l["id"] for l in links])
        self.oauth = oauth or {}
        self.sent = []

    def request(self, method, path, body=None, params=None, expect=(200,), allow_missing=False, anonymous=False,
                **kwargs):
        self.sent.append((method, path, anonymous))
        assert method == "GET", "find() must only read"
        if path.startswith("https://"):
            if path not in self.manifests:
                raise TransportError("cannot connect to %s (refused); check the url option" % path)
            return Response(200, self.manifests[path], {})
        if path == "/rest/applinks/3.0/applinks":
            return Response(200, self.links, {})
        if path.startswith("/rest/applinks/3.0/applinks/"):
            link_id = path.rsplit("/", 1)[1]
            if link_id in self.real:
                return Response(200, [l for l in self.links if l["id"] == link_id][0], {})
            if allow_missing:
                return None
            raise NotFoundError(404, method, path)
        if path.endswith("/oauth"):
            return Response(200, self.oauth, {})
        raise AssertionError("unexpected %s %s" % (method, path))

    def product_requests(self):
        return [s for s in self.sent if not s[1].startswith("https://")]


def v3(name, type_="generic", id_=None, url="https://app.example.com", primary=False):
    return {"id": id_ or generic_link_id(url), "name": name, "type": type_, "rpcUrl": url, "displayUrl": url,
            "primary": primary, "system": False, "properties": {}, "data": {}}


def synthetic(name, url="https://app.example.com"):
    return v3(name, id_=str(uuid.uuid4()), url=url)


def jira_manifest():
    return {"id": JIRA_ID, "name": "Jira", "typeId": "jira", "version": "9.12.15", "url": JIRA}


def resource(transport, **params):
    module = FakeModule(**params)
    return ApplicationLink(module, transport)


def test_generic_matches_by_name_in_one_get_among_many():
    links = [v3("link %d" % i, url="https://a%d.example" % i) for i in range(50)] + [v3("Mine")]
    fake = FakeTransport(links)
    res = resource(fake, name="Mine", type="generic", remote_url="https://other.example")
    assert res.find()["id"] == generic_link_id("https://app.example.com")
    assert fake.sent == [("GET", "/rest/applinks/3.0/applinks", False)]


def test_generic_falls_back_to_the_id_formula():
    fake = FakeTransport([v3("Old name", url="https://tf.example/app")])
    res = resource(fake, name="New name", type="generic", remote_url="https://tf.example/app/")
    assert res.find()["name"] == "Old name"


def test_real_link_preferred_over_synthetic_of_same_name_without_extra_request():
    fake = FakeTransport([synthetic("Same"), v3("Same")], real=[generic_link_id("https://app.example.com")])
    res = resource(fake, name="Same", type="generic", remote_url="https://app.example.com")
    assert res.find()["id"] == generic_link_id("https://app.example.com")
    assert len(fake.sent) == 1


def test_synthetic_entry_alone_is_confirmed_and_skipped():
    entry = synthetic("OAuth client")
    fake = FakeTransport([entry], real=[])
    res = resource(fake, name="OAuth client", state="absent")
    assert res.find() is None
    assert ("GET", "/rest/applinks/3.0/applinks/" + entry["id"], False) in fake.sent


def test_real_generic_link_with_non_v3_id_is_confirmed_and_kept():
    entry = v3("Legacy", id_=str(uuid.uuid4()))
    fake = FakeTransport([entry])
    res = resource(fake, name="Legacy", state="absent")
    assert res.find()["id"] == entry["id"]


def test_atlassian_matches_by_manifest_id_then_reads_auth():
    links = [v3("Renamed Jira", "jira", JIRA_ID, JIRA)]
    oauth = {"incoming": {"enabled": True}, "outgoing": {"enabled": True, "twoLoEnabled": True}}
    fake = FakeTransport(links, {JIRA + "/rest/applinks/1.0/manifest": jira_manifest()}, oauth=oauth)
    res = resource(fake, name="Jira", type="jira", remote_url=JIRA, incoming_auth="oauth")
    current = res.find()
    assert current["id"] == JIRA_ID and current["auth"] == {"incoming": "oauth", "outgoing": "oauth_2lo"}
    assert fake.sent[0] == ("GET", JIRA + "/rest/applinks/1.0/manifest", True)  # anonymous, to the remote
    assert len(fake.product_requests()) == 2
    assert res.desired()["id"] == JIRA_ID


def test_atlassian_found_by_name_with_another_id_is_replaced():
    links = [v3("Jira", "jira", "11111111-2222-4333-8444-555555555555", JIRA)]
    fake = FakeTransport(links, {JIRA + "/rest/applinks/1.0/manifest": jira_manifest()})
    res = resource(fake, name="Jira", type="jira", remote_url=JIRA)
    current = res.find()
    assert res._replaces(current, res.desired())
    assert res.predict(current, res.desired())["id"] == JIRA_ID


def test_manifest_of_another_type_fails_naming_type():
    manifest = dict(jira_manifest(), typeId="confluence")
    fake = FakeTransport([], {JIRA + "/rest/applinks/1.0/manifest": manifest})
    res = resource(fake, name="Jira", type="jira", remote_url=JIRA)
    with pytest.raises(InputError) as err:
        res.find()
    assert err.value.option == "type" and "confluence" in str(err.value)


def test_unreachable_remote_names_the_manifest_url():
    fake = FakeTransport([])
    res = resource(fake, name="Jira", type="jira", remote_url="https://down.example")
    with pytest.raises(RemoteUnreachable) as err:
        res.find()
    assert "https://down.example/rest/applinks/1.0/manifest" in str(err.value)
    assert "remote_url" in str(err.value) and "check the url option" not in str(err.value)


def test_unreachable_remote_on_absent_falls_back_to_name():
    fake = FakeTransport([v3("Jira", "jira", JIRA_ID, "https://down.example")])
    res = resource(fake, name="Jira", type="jira", remote_url="https://down.example", state="absent")
    assert res.find()["id"] == JIRA_ID
    assert res.module.warnings


def test_relocation_or_replacement():
    fake = FakeTransport([v3("App", url="https://old.example")])
    res = resource(fake, name="App", type="generic", remote_url="https://new.example")
    current = res.find()
    assert not res._replaces(current, res.desired())
    predicted = res.predict(current, res.desired())
    assert predicted["id"] == current["id"] and predicted["remote_url"] == "https://new.example"
    res.params["relocate"] = False
    assert res._replaces(current, res.desired())
    assert res.predict(current, res.desired())["id"] == generic_link_id("https://new.example")


def test_primary_false_on_a_primary_link_is_not_enforced():
    fake = FakeTransport([v3("App", primary=True)])
    res = resource(fake, name="App", type="generic", remote_url="https://app.example.com", primary=False)
    res.find()
    assert res.desired()["primary"] is None
    assert "primary: true on another link" in res.module.warnings[0]


def test_auth_on_generic_fails_before_any_request():
    fake = FakeTransport([])
    res = resource(fake, name="App", type="generic", remote_url="https://app.example.com", outgoing_auth="oauth")
    with pytest.raises(InputError) as err:
        res.validate()
    assert err.value.option == "outgoing_auth" and "Atlassian" in str(err.value)
    assert fake.sent == []


def test_forced_auth_and_prediction_keeps_the_unmanaged_direction():
    fake = FakeTransport([v3("Jira", "jira", JIRA_ID, JIRA)], {JIRA + "/rest/applinks/1.0/manifest": jira_manifest()},
                         oauth={"incoming": {"enabled": True}, "outgoing": {"enabled": False}})
    res = resource(fake, name="Jira", type="jira", remote_url=JIRA, outgoing_auth="oauth_2lo")
    current = res.find()
    assert res.forced(current) == ["auth"]
    assert res.predict(current, res.desired())["auth"] == {"incoming": "oauth", "outgoing": "oauth_2lo"}
    res.params["outgoing_auth"] = "disabled"
    assert res.forced(current) == []


def test_maybe_synthetic():
    assert maybe_synthetic(synthetic("x"))
    assert not maybe_synthetic(v3("x"))
    assert not maybe_synthetic(v3("x", "jira", str(uuid.uuid4())))
