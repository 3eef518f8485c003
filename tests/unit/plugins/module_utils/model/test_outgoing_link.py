"""model/outgoing_link.py: which secret an outgoing link holds (the product never returns it) - the record each
secret_origin writes, records of earlier versions understood and replaced when the secret is next sent - and the
secret a change must send."""

import pytest

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model import formulas
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    authorize_endpoint, fingerprint, records_secret, secret_record)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import item_defaults
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.outgoing_link import OUTGOING_LINK
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

JIRA = "https://jira.example.com"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    monkeypatch.setitem(formulas.SCRYPT, "n", 2 ** 4)


def item(**given):
    values = dict(item_defaults("outgoing"), name="Jira", remote_url=JIRA, client_id="cid", client_secret="Winter!")
    values.update(given)
    return values


def current(recorded, client_id="cid"):
    return {"id": "cfg", "name": "Jira", "provider": "generic", "client_id": client_id,
            "authorization_endpoint": authorize_endpoint(JIRA), "token_endpoint": JIRA + "/rest/oauth2/latest/token",
            "scopes": ["READ"], "description": None, "secret_fingerprint": recorded, "client_secret": None}


def test_a_new_link_records_a_users_secret_slowly_and_a_products_secret_fast():
    user = OUTGOING_LINK.decide(None, item(), None)
    assert user.action == "create" and user.after["secret_fingerprint"].startswith("scrypt:")
    assert records_secret(user.after["secret_fingerprint"], "Winter!", "cid")
    product = OUTGOING_LINK.decide(None, item(secret_origin="product"), None)
    assert product.after["secret_fingerprint"] == fingerprint("Winter!", "cid")


def test_the_same_secret_is_no_change_whatever_the_form_of_its_record():
    for recorded in (secret_record("Winter!", "cid"), fingerprint("Winter!", "cid")):  # new form, earlier version
        for origin in ("user", "product"):
            decision = OUTGOING_LINK.decide(current(recorded), item(secret_origin=origin), None)
            assert (decision.action, decision.fields) == ("none", []), (recorded, origin)


def test_a_record_of_an_earlier_version_is_replaced_when_the_secret_is_sent():
    legacy = fingerprint("Winter!", "cid")
    for reason in (dict(update_secret="always"), dict(client_id="cid2")):
        decision = OUTGOING_LINK.decide(current(legacy), item(**reason), None)
        assert decision.action == "update" and decision.after["client_secret"] == "Winter!"
        recorded = decision.after["secret_fingerprint"]
        assert recorded.startswith("scrypt:") and recorded != legacy, reason
        assert records_secret(recorded, "Winter!", decision.after["client_id"])


def test_another_secret_is_sent_and_recorded():
    decision = OUTGOING_LINK.decide(current(secret_record("Winter!", "cid")), item(client_secret="Spring!"), None)
    assert decision.fields == ["client_secret"] and decision.after["client_secret"] == "Spring!"
    assert records_secret(decision.after["secret_fingerprint"], "Spring!", "cid")
    assert OUTGOING_LINK.decide(current(None), item(update_secret="on_create"), None).action == "none"


def test_a_change_that_needs_the_secret_fails_without_it():
    with pytest.raises(InputError) as err:
        OUTGOING_LINK.decide(current(None), item(client_id="cid2", client_secret=None), None)
    assert err.value.option == "client_secret" and "client_id" in str(err.value)
    with pytest.raises(InputError) as err:
        OUTGOING_LINK.decide(None, item(client_secret=None), None)
    assert err.value.option == "client_secret" and "write-only" in str(err.value)
