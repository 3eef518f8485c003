"""Bad input to the roles two_way_link and application_links, to playbooks/link_products.yml, and to the modules
product_links and oauth1_external_app (issue 8). Every case fails with a message naming the variable or option,
before any write: the request logs of both products hold no POST, PUT or DELETE after the whole batch.

Role cases run in one ansible-playbook process (playbooks/bad_roles_cases.yml: one play per case, the failure
kept by a rescue), module cases in another (bad_roles_modules.yml), link_products.yml cases in three runs.
The module cases of oauth2_incoming, oauth2_outgoing, application_link(_info) live in test_bad_input.py and
test_application_link_bad_input.py; test_table_is_large_enough counts them all.
"""

import json

import pytest

from conftest import REPO, conn_vars
import test_application_link_bad_input
import test_bad_input

LINK_PRODUCTS = REPO / "playbooks" / "link_products.yml"
WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")
PASSWORD = "Adm1n-never-printed"

# Role cases (bad_roles_cases.yml): id -> (host that fails, [substrings of its message])
ROLE_CASES = {
    "auth-basic": ("conf", ["two_way_link_auth", "basic", "oauth2, oauth1"]),
    "state-unknown": ("conf", ["two_way_link_state", "gone"]),
    "oauth1-level-unknown": ("conf", ["two_way_link_oauth1_level", "basic"]),
    "rotate-not-bool": ("conf", ["two_way_link_rotate_secret", "bool"]),
    "scope-by-type-not-dict": ("conf", ["two_way_link_scope_by_type", "dict"]),
    "peers-not-symmetric": ("conf", ["conf lists jira as a peer, but jira does not list conf", "symmetric"]),
    "peer-is-itself": ("conf", ["two_way_link_peers of conf lists the host itself"]),
    "peer-not-inventory-host": ("conf", ["two_way_link_peers of conf: nowhere is not an inventory host"]),
    "peer-not-in-play": ("conf", ["two_way_link_peers of conf: jira is not a host of this play"]),
    "missing-applinks-url": ("nourl", ["missing required arguments: applinks_url"]),
    "missing-credentials": ("nocred", ["applinks_token", "applinks_username and applinks_password", "nocred"]),
    "declared-twice": ("conf", ["application_links on conf", "oauth2_incoming 'Twice' is declared more than once",
                                "entries 1 and 2"]),
    "kind-unknown": ("conf", ["kind", "gitlab", "application_links"]),
    "entry-without-name": ("conf", ["name", "application_links"]),
    "entry-not-a-dict": ("conf", ["application_links", "dict"]),
    "list-not-a-list": ("conf", ["option 'application_links' is of type str"]),
    "empty-list-with-prune": ("conf", ["application_links is empty and application_links_prune is true",
                                       "application_links_prune_allow_empty"]),
    "prune-over-the-limit": ("conf", ["purge", "application_links_prune_max"]),
    "prune-max-not-int": ("conf", ["application_links_prune_max", "int"]),
    "bad-redirect-after-good-entry": ("conf", ["Invalid option redirect_uris", "fragment"]),
    "link-without-remote-url": ("conf", ["remote_url"]),
    "outgoing-without-secret": ("conf", ["client_secret"]),
    "oauth1-bad-key-after-oauth2-entry": ("conf", ["public_key", "Legacy tool"]),
    "app-missing-applinks-url": ("nourl", ["url"]),
    "app-missing-credentials": ("nocred", ["password", "ATLASSIAN_PASSWORD"]),
}

# link_products.yml cases: id -> (extra vars, [substrings]); several errors show in one message.
PAIRS_RUNS = {
    "pairs": ({"applinks_pairs": [["conf"], ["conf", "conf"], ["conf", "nowhere"], ["conf", "nourl"]],
               "applinks_hosts": "conf,jira"}, {
        "pair-of-one-host": ["not a pair of two hosts: ['conf']"],
        "host-paired-with-itself": ["a host cannot be linked with itself: conf"],
        "pair-peer-not-inventory-host": ["nowhere is not an inventory host"],
        "pair-peer-not-in-play": ["nourl is not a host of this play (applinks_hosts)"]}),
    "not-a-list": ({"applinks_pairs": "conf,jira"}, {
        "pairs-not-a-list": ["applinks_pairs must be a list of [host, host] pairs", "conf,jira"]}),
    "unset": ({}, {"pairs-unset": ["set applinks_pairs (a list of [host, host]) or applinks_mesh: true"]}),
}


def product_links(ctx, **args):
    return dict(conn_vars(ctx["conf"], password=PASSWORD), **args)


# Module cases (bad_roles_modules.yml): id -> (module, args(ctx), [substrings])
MODULE_CASES = {
    "purge-with-all-lists-empty": ("product_links", lambda c: product_links(c, purge=["incoming", "links"]),
                                   ["purge", "empty", "purge_allow_empty"]),
    "duplicate-item-names": ("product_links", lambda c: product_links(c, incoming=[
        {"name": "Twice", "redirect_uris": ["https://a.example.com/cb"]},
        {"name": "Twice", "redirect_uris": ["https://b.example.com/cb"]}]), ["incoming", "Twice"]),
    "current-state-not-a-dict": ("product_links", lambda c: product_links(c, current_state="stale"),
                                 ["current_state"]),
    "current-state-wrong-shape": ("product_links", lambda c: product_links(
        c, current_state={"incoming": "x"}, incoming=[{"name": "X", "redirect_uris": ["https://x.example.com/cb"]}]),
        ["Invalid option current_state", "incoming must be a list of dicts"]),
    "read-unknown-kind": ("product_links", lambda c: product_links(c, read=["gadgets"]), ["read", "gadgets"]),
    "incoming-item-without-name": ("product_links", lambda c: product_links(
        c, incoming=[{"redirect_uris": ["https://x.example.com/cb"]}]), ["name", "incoming"]),
    "incoming-scope-unknown": ("product_links", lambda c: product_links(
        c, incoming=[{"name": "S", "redirect_uris": ["https://s.example.com/cb"], "scope": "FLY"}]),
        ["scope", "FLY"]),
    "outgoing-url-and-endpoint": ("product_links", lambda c: product_links(c, outgoing=[
        {"name": "O", "remote_url": "https://jira.example.com", "authorization_endpoint": "https://a.example.com",
         "client_id": "c", "client_secret": "s3cret-never-printed"}]), ["mutually exclusive", "remote_url|authorization_endpoint"]),
    "link-without-type": ("product_links", lambda c: product_links(
        c, links=[{"name": "L", "remote_url": "https://l.example.com"}]), ["type", "links"]),
    "link-auth-on-generic": ("product_links", lambda c: product_links(
        c, links=[{"name": "G", "type": "generic", "remote_url": "https://g.example.com", "incoming_auth": "oauth"}]),
        ["Invalid option incoming_auth", "not to type generic"]),
    "purge-max-negative": ("product_links", lambda c: product_links(
        c, purge=["incoming"], purge_max=-1, incoming=[{"name": "K", "redirect_uris": ["https://k.example.com/cb"]}]),
        ["purge_max"]),
    "oauth1-direction-unknown": ("oauth1_external_app", lambda c: product_links(
        c, link="Tool", direction="both", consumer_key="k"), ["direction", "both"]),
    "oauth1-callback-not-url": ("oauth1_external_app", lambda c: product_links(
        c, link="Tool", remote_url="https://tool.example.com", direction="incoming", consumer_key="k",
        public_key=c["public_key"], callback="not a url"), ["callback"]),
    "oauth1-outgoing-without-urls": ("oauth1_external_app", lambda c: product_links(
        c, link="Tool", remote_url="https://tool.example.com", direction="outgoing", consumer_key="k",
        shared_secret="s3cret-never-printed"), ["request_token_url"]),
    "oauth1-update-secret-unknown": ("oauth1_external_app", lambda c: product_links(
        c, link="Tool", direction="outgoing", update_secret="when_changed"), ["update_secret", "when_changed"]),
}


def write_inventory(path, conf, jira):
    def host(instance, **extra):
        values = {"applinks_url": instance.base_url, "applinks_ca_path": instance.ca_file,
                  "applinks_username": "admin", "applinks_password": PASSWORD}
        values.update(extra)
        return {k: v for k, v in values.items() if v != "-"}
    hosts = {"conf": host(conf, applinks_name="Confluence", applinks_type="confluence"),
             "jira": host(jira, applinks_name="Jira", applinks_type="jira"),
             "nourl": host(conf, applinks_url="-", applinks_name="No URL", applinks_type="confluence"),
             "nocred": host(conf, applinks_username=None, applinks_password=None, applinks_name="No credentials",
                            applinks_type="confluence")}
    path.write_text(json.dumps({"all": {"children": {"atlassian_products": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        "hosts": hosts}}}}))
    return str(path)


def public_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@pytest.fixture(scope="module")
def batch(start_instance, run_playbook, tmp_path_factory):
    """Every case once; returns ({case id: message}, the writes both products saw, the outputs)."""
    args = ("--user", "admin:%s:sysadmin" % PASSWORD)
    conf = start_instance("confluence", "bad-roles-confluence", args)
    jira = start_instance("jira", "bad-roles-jira", args)
    api = conf.client(("admin", PASSWORD))
    for name in ("Old one", "Old two"):  # what prune-over-the-limit would have to remove
        api.post("/rest/oauth2/latest/client", {"name": name, "redirects": ["https://old.example.com/cb"],
                                                "scope": "READ"}).raise_for_status()
    clients = [instance.client(("admin", PASSWORD)) for instance in (conf, jira)]
    for client in clients:
        client.clear_log()
    inventory = write_inventory(tmp_path_factory.mktemp("inv") / "hosts.yml", conf, jira)
    messages, outputs = {}, []
    roles = run_playbook("bad_roles_cases.yml", inventory=inventory)
    outputs.append(roles.output)
    for host in ("conf", "jira", "nourl", "nocred"):
        failures = roles.result("The failures", host=host).get("bad_roles") or {}
        for case, message in failures.items():
            messages[(case, host)] = message
    for _label, (extra, cases) in PAIRS_RUNS.items():
        run = run_playbook(LINK_PRODUCTS, extra, inventory=inventory)
        outputs.append(run.output)
        message = run.result("Check the pairs", host="conf").get("msg", "") if run.rc else ""
        for case in cases:
            messages[(case, "conf")] = message
    ctx = {"conf": conf, "public_key": public_key()}
    cases = dict((case, {"module": module, "args": build(ctx)}) for case, (module, build, _words) in MODULE_CASES.items())
    modules = run_playbook("bad_roles_modules.yml", {"cases": cases})
    outputs.append(modules.output)
    for task in ("product_links cases", "oauth1_external_app cases"):
        for item in modules.result(task)["results"]:
            messages[(item["item"], "localhost")] = item.get("msg", "") if item.get("failed") else ""
    writes = [e for client in clients for e in client.log() if e["method"] in WRITE_METHODS]
    return messages, writes, "\n".join(outputs)


def all_cases():
    cases = [(case, host, words) for case, (host, words) in ROLE_CASES.items()]
    cases += [(case, "conf", words) for _extra, group in PAIRS_RUNS.values() for case, words in group.items()]
    cases += [(case, "localhost", words) for case, (_module, _build, words) in MODULE_CASES.items()]
    return cases


def test_table_is_large_enough():
    """40+ bad inputs across modules and roles (this file plus the module tables of the other two)."""
    mine = len(all_cases())
    others = len(test_bad_input.CASES) + len(test_application_link_bad_input.CASES)
    assert mine >= 40 and mine + others >= 80, (mine, others)


@pytest.mark.parametrize("case, host, words", all_cases(), ids=[c[0] for c in all_cases()])
def test_rejected_with_a_message_naming_the_variable(batch, case, host, words):
    messages = batch[0]
    message = messages.get((case, host))
    assert message, "case %s did not fail on %s (failures: %s)" % (case, host, sorted(messages))
    for word in words:
        assert word in message, "%r not in %r" % (word, message)
    assert PASSWORD not in message


def test_nothing_was_written(batch):
    """No case wrote anything: not the role cases, not the link_products.yml cases, not the module cases."""
    assert batch[1] == []


def test_no_secret_in_the_output(batch):
    output = batch[2]
    assert PASSWORD not in output
    assert "s3cret-never-printed" not in output
