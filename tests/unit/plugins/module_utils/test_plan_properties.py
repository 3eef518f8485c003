"""Properties of the plan (plan.py), for generated product states and declared sets (hypothesis):

- applying the plan to the state (what check mode predicts, apply_to_state) yields a state whose plan is empty;
- nothing is deleted outside purge: every removal is a declared `state: absent`, an object of a purged kind that
  is neither declared, excluded nor a system link, or one an `exclusive` item replaces.

Options that always write (regenerate_secret, update_secret: always) are left out of the generated items; a test
of their own checks that they always plan a change.
"""

import copy
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model import formulas
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    authorize_endpoint, fingerprint, generic_link_id, secret_record)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import item_defaults
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import (
    PlanContext, PurgeRules, apply_to_state, plan)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.state import ProductState
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

# The same examples on every run by default (make test must not be flaky); APPLINKS_PLAN_EXPLORE=1 draws new random
# examples, many more of them, to look for new counterexamples.
EXPLORE = bool(os.environ.get("APPLINKS_PLAN_EXPLORE"))
EXAMPLES = 3000 if EXPLORE else 200
NAMES = ["Jira", "Bamboo", "CI server", "IdP", "Tool"]
URIS = ["https://a.example.com/cb", "https://b.example.com/cb", "https://c.example.com/cb"]
SCOPES = ["READ", "WRITE", "READ WRITE", "ADMIN"]
PROVIDERS = ["https://jira.example.com", "https://bamboo.example.com/", "https://idp.example.com"]
SECRETS = ["s3cr3t-one", "s3cr3t-two"]
REMOTE_IDS = {"https://jira.example.com": "11111111-1111-3111-8111-111111111111",
              "https://jira2.example.com": "22222222-2222-3222-8222-222222222222"}
LEVELS = ["disabled", "oauth", "oauth_2lo", "oauth_impersonation"]


def optional(strategy):
    return st.one_of(st.none(), strategy)


# Product states


@st.composite
def incoming_links(draw):
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=4))
    return [{"id": "in-%d" % i, "name": name, "client_id": "cid-%d" % i, "client_secret": "sec-%d" % i,
             "redirect_uris": sorted(draw(st.lists(st.sampled_from(URIS), min_size=1, max_size=2, unique=True))),
             "scope": draw(st.sampled_from(SCOPES)), "secret_fingerprint": fingerprint("sec-%d" % i, "cid-%d" % i)}
            for i, name in enumerate(names)]


@st.composite
def outgoing_links(draw):
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=4))
    links = []
    for i, name in enumerate(names):
        base = draw(st.sampled_from(PROVIDERS))
        client_id = draw(st.sampled_from(["c1", "c2"]))
        recorded = draw(st.sampled_from([None, "fast", "slow"]))
        secret = draw(st.sampled_from(SECRETS))
        links.append({"id": "out-%d" % i, "name": name, "provider": "generic", "client_id": client_id,
                      "authorization_endpoint": authorize_endpoint(base),
                      "token_endpoint": base.rstrip("/") + "/rest/oauth2/latest/token",
                      "scopes": sorted(draw(st.lists(st.sampled_from(["READ", "WRITE"]), min_size=1, unique=True))),
                      "description": draw(st.sampled_from([None, "text"])),
                      "secret_fingerprint": None if recorded is None else secret_record(
                          secret, client_id, "product" if recorded == "fast" else "user")})
    return links


@st.composite
def application_links(draw):
    links = []
    for name in draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=4)):
        url = draw(st.sampled_from(sorted(REMOTE_IDS) + ["https://tool.example.com", "https://t2.example.com"]))
        jira = url in REMOTE_IDS
        if any(link["remote_url"] == url for link in links):
            continue  # the product keeps one link per RPC URL
        link = {"id": REMOTE_IDS[url] if jira else generic_link_id(url), "name": name,
                "type": "jira" if jira else "generic", "remote_url": url, "display_url": url,
                "primary": draw(st.booleans()), "system": draw(st.booleans())}
        if jira:
            link["auth"] = {"incoming": draw(st.sampled_from(LEVELS)), "outgoing": draw(st.sampled_from(LEVELS))}
        links.append(link)
    return links


states = st.builds(lambda inc, out, links: {"manifest": {"url": "https://conf.example.com"}, "incoming": inc,
                                            "outgoing": out, "links": links},
                   incoming_links(), outgoing_links(), application_links())


# Declared sets


@st.composite
def incoming_items(draw):
    return [dict(item_defaults("incoming"), name=name, state=draw(st.sampled_from(["present", "present", "absent"])),
                 redirect_uris=draw(optional(st.lists(st.sampled_from(URIS), min_size=1, max_size=2))),
                 scope=draw(optional(st.sampled_from(SCOPES + ["WRITE READ"]))), exclusive=draw(st.booleans()))
            for name in draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))]


@st.composite
def outgoing_items(draw):
    items = []
    for name in draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3)):
        item = dict(item_defaults("outgoing"), name=name, state=draw(st.sampled_from(["present", "present", "absent"])),
                    client_id=draw(st.sampled_from(["c1", "c2"])), client_secret=draw(st.sampled_from(SECRETS)),
                    secret_origin=draw(st.sampled_from(["user", "product"])),
                    update_secret=draw(st.sampled_from(["when_changed", "on_create"])),
                    description=draw(optional(st.sampled_from(["", "text", "other"]))), exclusive=draw(st.booleans()))
        if draw(st.booleans()):
            item["remote_url"] = draw(st.sampled_from(PROVIDERS))
        else:
            item.update(provider="custom", authorization_endpoint=draw(st.sampled_from(
                [authorize_endpoint(p) for p in PROVIDERS] + ["https://idp.example.com/authorize/"])),
                token_endpoint="https://idp.example.com/token",
                scopes=draw(st.lists(st.sampled_from(["READ", "WRITE", "openid"]), min_size=1)))
        items.append(item)
    return items


@st.composite
def link_items(draw):
    items, urls = [], set()
    for name in draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3)):
        url = draw(st.sampled_from(sorted(REMOTE_IDS) + ["https://tool.example.com/", "https://t3.example.com"]))
        if url.rstrip("/") in urls:
            continue  # one declared link per remote
        urls.add(url.rstrip("/"))
        jira = url in REMOTE_IDS
        item = dict(item_defaults("links"), name=name, type="jira" if jira else "generic", remote_url=url,
                    state=draw(st.sampled_from(["present", "present", "absent"])),
                    display_url=draw(optional(st.just(url + "/display"))), primary=draw(optional(st.booleans())),
                    recreate=draw(st.booleans()), relocate=draw(st.booleans()))
        if jira:
            item["incoming_auth"] = draw(optional(st.sampled_from(LEVELS)))
            item["outgoing_auth"] = draw(optional(st.sampled_from(LEVELS)))
        items.append(item)
    return items


declared_sets = st.fixed_dictionaries({"incoming": incoming_items(), "outgoing": outgoing_items(),
                                       "links": link_items()})
purges = st.builds(lambda kinds, exclude: PurgeRules(kinds, exclude, limit=100),
                   st.lists(st.sampled_from(["incoming", "outgoing", "links"]), unique=True),
                   st.lists(st.sampled_from(NAMES), unique=True, max_size=2))


def context_for(declared):
    return PlanContext(dict((item["name"], {"id": REMOTE_IDS[item["remote_url"]], "type": "jira"})
                            for item in declared["links"] if item["type"] == "jira"))


def planned(state, declared, purge):
    try:
        changes = plan(ProductState.from_dict(copy.deepcopy(state)), declared, purge, context_for(declared))
    except InputError:
        return None
    return changes


@pytest.fixture(scope="module", autouse=True)
def cheap_scrypt():
    """The derivation for a user's secret is slow on purpose; the properties run it many times (the generated
    states record secrets too)."""
    saved = dict(formulas.SCRYPT)
    formulas.SCRYPT["n"] = 2 ** 4
    yield
    formulas.SCRYPT.update(saved)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not EXPLORE,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(states, declared_sets, purges)
def test_the_plan_of_the_planned_state_is_empty(state, declared, purge):
    changes = planned(state, declared, purge)
    assume(changes is not None and all(c.error is None for c in changes))
    after = apply_to_state(ProductState.from_dict(copy.deepcopy(state)), changes)
    again = plan(after, declared, purge, context_for(declared))
    assert [(c.kind, c.name, c.action, c.fields) for c in again if c.action != "none" or c.error] == []


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not EXPLORE, suppress_health_check=[HealthCheck.too_slow])
@given(states, declared_sets, purges)
def test_nothing_is_deleted_outside_purge(state, declared, purge):
    changes = planned(state, declared, purge) or []
    names = dict((kind, set(i["name"] for i in declared[kind])) for kind in declared)
    exclusive = dict((kind, [i for i in declared[kind] if i.get("exclusive") and i["state"] == "present"])
                     for kind in declared)
    for change in changes:
        if change.action not in ("delete", "replace"):
            continue
        item = change.item
        if change.action == "replace" or item in declared[change.kind]:
            assert change.action == "replace" and item["recreate"] or item["state"] == "absent", change
        elif item.get("purged"):
            assert change.kind in purge.kinds and change.name not in names[change.kind]
            assert change.name not in purge.exclude and not change.before.get("system")
        else:
            assert item.get("superseded_by") in [i["name"] for i in exclusive[change.kind]], change
            assert change.name not in names[change.kind]


def test_options_that_always_write_always_plan_a_change():
    state = {"incoming": [{"id": "1", "name": "CI", "client_id": "c", "client_secret": "s", "redirect_uris": [URIS[0]],
                           "scope": "READ", "secret_fingerprint": fingerprint("s", "c")}],
             "outgoing": [{"id": "2", "name": "IdP", "provider": "generic", "client_id": "c",
                           "authorization_endpoint": authorize_endpoint(PROVIDERS[0]),
                           "token_endpoint": PROVIDERS[0] + "/rest/oauth2/latest/token", "scopes": ["READ"],
                           "description": None, "secret_fingerprint": fingerprint("s", "c")}]}
    declared = {"incoming": [dict(item_defaults("incoming"), name="CI", regenerate_secret=True)],
                "outgoing": [dict(item_defaults("outgoing"), name="IdP", remote_url=PROVIDERS[0], client_id="c",
                                  client_secret="s", update_secret="always", secret_origin="product")],
                "links": []}
    for _run in range(2):
        changes = plan(ProductState.from_dict(state), declared)
        assert [(c.name, c.action, c.fields) for c in changes] == [("CI", "update", ["client_secret"]),
                                                                   ("IdP", "update", ["client_secret"])]
        state = apply_to_state(ProductState.from_dict(state), changes).to_dict("https://conf.example.com")
