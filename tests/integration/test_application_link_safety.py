"""application_link destroys nothing by surprise, against dcsim: state absent deletes only a link of that name,
a link found by id under another name is renamed with a warning, replacements (type, id, relocate: false) need
recreate: true and show as replacements in check and diff mode, and an unset display_url is not managed."""

import hashlib
import uuid

import pytest

from conftest import conn_vars, unique
from test_application_link import Step, run_steps  # noqa: F401 pylint: disable=unused-import

V3 = "/rest/applinks/3.0/applinks"
CHECK_DIFF = {"check_mode": True, "diff": True}
DIFF = {"diff": True}


def generic_id(url):
    return str(uuid.UUID(bytes=hashlib.md5(url.rstrip("/").encode()).digest(), version=3))


@pytest.fixture(scope="module")
def confluence(start_instance):
    return start_instance("confluence", "safe-confluence")


@pytest.fixture(scope="module")
def jira(start_instance):
    return start_instance("jira", "safe-jira")


def v3_link(instance, link_id):
    response = instance.client().get(V3 + "/" + link_id)
    return response.json() if response.status_code == 200 else None


def warnings(step):
    return " ".join(step.result.get("warnings", []))


def make_generic(instance, name, url, display_url=None):
    made = instance.client().put("/rest/applinks/2.0/applicationlink", {
        "typeId": "generic", "name": name, "rpcUrl": url, "displayUrl": display_url or url})
    assert made.status_code == 201, made.text
    return generic_id(url)


def drop_jira_link(confluence, jira):
    confluence.client().delete(V3 + "/" + jira.server_id)  # 204, or 404 when absent


def test_absent_deletes_only_a_link_of_that_name(run_steps, confluence, jira):
    client = confluence.client()
    drop_jira_link(confluence, jira)
    args = conn_vars(confluence, name="Jira", type="jira", remote_url=jira.base_url)
    url = "https://tf.example.com/app/" + uuid.uuid4().hex[:6]
    tf_name = unique("TF")
    tf_id = make_generic(confluence, tf_name, url)
    created = run_steps([("application_link", args)])[0]
    assert created.changed, created.msg
    client.clear_log()
    old_jira, old_tf = run_steps([
        # the remote's server id finds "Jira", but the task is about a link named "Old Jira"
        ("application_link", dict(args, name="Old Jira", state="absent"), DIFF),
        # the §2.8 id of the URL finds the generic link, under another name
        ("application_link", conn_vars(confluence, name="Old TF", type="generic", remote_url=url, state="absent"))])
    assert client.writes() == []
    assert not old_jira.changed and not old_jira.failed, old_jira.msg
    assert old_jira["action"] == "none"
    assert "'Jira'" in warnings(old_jira) and jira.server_id in warnings(old_jira)
    assert "not deleted" in warnings(old_jira)
    assert not old_tf.changed and not old_tf.failed, old_tf.msg
    assert tf_name in warnings(old_tf) and tf_id in warnings(old_tf)
    assert v3_link(confluence, jira.server_id)["name"] == "Jira"
    assert v3_link(confluence, tf_id)["name"] == tf_name


def test_absent_writes_nothing_when_the_name_does_not_match(run_module, confluence, jira):
    client = confluence.client()
    url = "https://tf.example.com/app/" + uuid.uuid4().hex[:6]
    tf_id = make_generic(confluence, unique("Kept"), url)
    client.clear_log()
    res = run_module("application_link", conn_vars(confluence, name=unique("Other"), type="generic", remote_url=url,
                                                   state="absent"))
    assert not res.failed and not res.changed, res.msg
    assert client.writes() == []
    assert v3_link(confluence, tf_id) is not None


def test_present_renames_a_link_found_by_id_with_a_warning(run_steps, confluence, jira):
    drop_jira_link(confluence, jira)
    args = conn_vars(confluence, name="Jira", type="jira", remote_url=jira.base_url)
    created, checked, renamed, rerun = run_steps([
        ("application_link", args),
        ("application_link", dict(args, name="Jira (prod)"), CHECK_DIFF),
        ("application_link", dict(args, name="Jira (prod)")),
        ("application_link", dict(args, name="Jira (prod)"))])
    assert created.changed, created.msg
    for step in (checked, renamed):
        assert step.changed and step["link"]["id"] == jira.server_id, step.msg
        assert step["action"] == "update"
        assert "renam" in warnings(step) and "'Jira'" in warnings(step) and "'Jira (prod)'" in warnings(step)
    assert checked["diff"]["before"]["name"] == "Jira" and checked["diff"]["after"]["name"] == "Jira (prod)"
    assert not rerun.changed and "renam" not in warnings(rerun)
    assert v3_link(confluence, jira.server_id)["name"] == "Jira (prod)"


def test_type_change_needs_recreate(run_steps, confluence, jira):
    client = confluence.client()
    drop_jira_link(confluence, jira)
    name = unique("Swap")
    old_id = make_generic(confluence, name, jira.base_url)  # a generic link to what is really Jira
    args = conn_vars(confluence, name=name, type="jira", remote_url=jira.base_url)

    client.clear_log()
    refused, checked = run_steps([("application_link", args, {"ignore_errors": True}),
                                  ("application_link", dict(args, recreate=True), CHECK_DIFF)])
    assert refused.failed and "recreate" in refused.msg, refused.result
    assert "type" in refused.msg and name in refused.msg
    assert checked.changed and checked["action"] == "replace", checked.msg
    assert checked["diff"]["before"]["id"] == old_id and checked["diff"]["after"]["id"] == jira.server_id
    assert checked["diff"]["before"]["type"] == "generic" and checked["diff"]["after"]["type"] == "jira"
    for lost in ("entity links", "OAuth tokens", "primary", "reciprocal"):
        assert lost in warnings(checked), warnings(checked)
    assert client.writes() == [], "neither the refusal nor check mode may write"
    assert v3_link(confluence, old_id)["type"] == "generic"

    replaced, rerun = run_steps([("application_link", dict(args, recreate=True), DIFF),
                                 ("application_link", dict(args, recreate=True))])
    assert replaced.changed and replaced["action"] == "replace", replaced.msg
    assert replaced["link"]["id"] == jira.server_id and replaced["link"]["type"] == "jira"
    assert not rerun.changed and rerun["action"] == "none"
    assert v3_link(confluence, old_id) is None
    assert [m for m, _p in ((e["method"], e["path"]) for e in client.writes())] == ["DELETE", "PUT"]


def test_atlassian_link_with_another_id_needs_recreate(run_steps, confluence, jira):
    client = confluence.client()
    drop_jira_link(confluence, jira)
    old_id = str(uuid.uuid4())
    name = unique("Jira old id")
    made = client.put("/rest/applinks/2.0/applicationlink", {"id": old_id, "typeId": "jira", "name": name,
                                                             "rpcUrl": jira.base_url, "displayUrl": jira.base_url})
    assert made.status_code == 201, made.text
    args = conn_vars(confluence, name=name, type="jira", remote_url=jira.base_url)
    client.clear_log()
    refused, replaced = run_steps([("application_link", args, {"ignore_errors": True}),
                                   ("application_link", dict(args, recreate=True))])
    assert refused.failed and "recreate" in refused.msg and jira.server_id in refused.msg, refused.msg
    assert replaced.changed and replaced["link"]["id"] == jira.server_id, replaced.msg
    assert [e["method"] for e in client.writes()] == ["DELETE", "PUT"]


def test_relocate_false_with_a_new_url_needs_recreate(run_steps, confluence):
    client = confluence.client()
    name = unique("Moving")
    url, new_url = "https://move.example.com/a", "https://move.example.com/b"
    old_id = make_generic(confluence, name, url)
    args = conn_vars(confluence, name=name, type="generic", remote_url=new_url, relocate=False)
    client.clear_log()
    refused, checked = run_steps([("application_link", args, {"ignore_errors": True}),
                                  ("application_link", dict(args, recreate=True), CHECK_DIFF)])
    assert refused.failed and "recreate" in refused.msg and "relocate" in refused.msg, refused.msg
    assert checked["action"] == "replace" and checked["diff"]["after"]["id"] == generic_id(new_url)
    assert client.writes() == []
    replaced = run_steps([("application_link", dict(args, recreate=True))])[0]
    assert replaced.changed and replaced["link"]["id"] == generic_id(new_url), replaced.msg
    assert v3_link(confluence, old_id) is None


def test_failed_create_of_a_replacement_says_the_link_was_deleted(run_module, confluence):
    client = confluence.client()
    name = unique("Fragile")
    url, new_url = "https://fragile.example.com/a", "https://fragile.example.com/b"
    old_id = make_generic(confluence, name, url)
    client.faults([{"path_prefix": "/rest/applinks/2.0/applicationlink", "method": "PUT", "action": "status",
                    "status": 500, "count": 1}])
    try:
        res = run_module("application_link", conn_vars(confluence, name=name, type="generic", remote_url=new_url,
                                                       relocate=False, recreate=True, retries=0))
    finally:
        client.faults([])
    assert res.failed
    assert "deleted" in res.msg and old_id in res.msg and "HTTP 500" in res.msg, res.msg
    assert v3_link(confluence, old_id) is None


def test_unset_display_url_is_not_managed(run_steps, confluence):
    client = confluence.client()
    name = unique("Display")
    url = "https://display.example.com/app"
    link_id = make_generic(confluence, name, url)
    # an administrator sets a display URL in the UI
    assert client.put(V3 + "/" + link_id, {"name": name, "rpcUrl": url,
                                           "displayUrl": "https://ui.example.com"}).status_code == 200
    args = conn_vars(confluence, name=name, type="generic", remote_url=url)
    client.clear_log()
    kept, primary = run_steps([("application_link", args), ("application_link", dict(args, primary=True))])
    assert not kept.changed and kept["link"]["display_url"] == "https://ui.example.com", kept.result
    # another change (primary) sends the display URL it found, not remote_url
    assert primary.changed and primary["link"]["display_url"] == "https://ui.example.com", primary.result
    assert v3_link(confluence, link_id)["displayUrl"] == "https://ui.example.com"
    # on create, it defaults to remote_url
    other = "https://display2.example.com"
    new = run_steps([("application_link", conn_vars(confluence, name=unique("Display new"), type="generic",
                                                    remote_url=other))])[0]
    assert new.changed and new["link"]["display_url"] == other
