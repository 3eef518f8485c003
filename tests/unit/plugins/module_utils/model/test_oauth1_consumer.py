"""model/oauth1_consumer.py (oauth1_external_app): public key checks, wire mapping, change detection, input
checks."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_consumer import (
    FIELDS, OAUTH1_CONSUMER, consumer_from_wire, incoming_to_wire, load_public_key, norm_public_key,
    outgoing_from_config, outgoing_to_config, outgoing_to_wire)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import generic_link_id
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError


def desired_fields(params, direction, public_pem=None):
    return OAUTH1_CONSUMER.desired(dict(params, direction=direction), public_pem)


RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
SPKI_PEM = RSA.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()
PKCS1_PEM = RSA.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1).decode()
DER_B64 = base64.b64encode(RSA.public_key().public_bytes(serialization.Encoding.DER,
                                                         serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
PRIVATE_PEM = RSA.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
EC_PEM = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
ED_PEM = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


# Public keys

@pytest.mark.parametrize("text", [SPKI_PEM, PKCS1_PEM, DER_B64, "\n  " + SPKI_PEM + "  \n",
                                  DER_B64[:40] + "\n" + DER_B64[40:]])
def test_rsa_public_keys_are_normalised_to_spki_pem(text):
    assert load_public_key(text) == SPKI_PEM


@pytest.mark.parametrize("text, reason", [
    (PRIVATE_PEM, "is a private key"),
    (EC_PEM, "must be an RSA public key"),
    (ED_PEM, "must be an RSA public key"),
    ("garbage", "is not a PEM"),
    ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "is not a PEM"),
    ("", "must not be empty"),
    (None, "must not be empty"),
])
def test_bad_public_keys_say_why_without_echoing_them(text, reason):
    with pytest.raises(ValueError) as err:
        load_public_key(text)
    assert reason in str(err.value)
    assert "MII" not in str(err.value) and "BEGIN" not in str(err.value)


def test_norm_public_key_compares_pem_with_der():
    assert norm_public_key(SPKI_PEM) == norm_public_key(DER_B64) == DER_B64
    assert norm_public_key(None) is None
    assert norm_public_key(load_public_key(PKCS1_PEM)) == DER_B64


# Wire mapping (REST reference §5.3, §3.2)

WIRE_IN = {"key": "tool", "name": "Tool", "signatureMethod": "RSA_SHA1", "publicKey": SPKI_PEM,
           "callback": "https://tool/cb", "twoLOAllowed": True, "executingTwoLOUser": "svc",
           "twoLOImpersonationAllowed": False, "outgoing": False}


def test_consumer_from_wire():
    assert consumer_from_wire(WIRE_IN) == {
        "consumer_key": "tool", "consumer_name": "Tool", "description": None, "public_key": SPKI_PEM,
        "callback": "https://tool/cb", "two_lo_allowed": True, "execute_as": "svc", "two_lo_impersonation": False,
        "signature_method": "RSA_SHA1", "outgoing": False}
    # dcsim and the product leave out null fields
    sparse = consumer_from_wire({"key": "ci", "name": "CI", "signatureMethod": "HMAC_SHA1", "outgoing": True})
    assert sparse["two_lo_allowed"] is False and sparse["execute_as"] is None and sparse["outgoing"] is True


def test_incoming_round_trip_and_blank_clears():
    consumer = consumer_from_wire(WIRE_IN)
    wire = incoming_to_wire(consumer)
    assert dict((k, v) for k, v in wire.items() if v is not None) == dict(
        (k, v) for k, v in WIRE_IN.items() if k != "signatureMethod" and v is not None)
    cleared = incoming_to_wire(dict(consumer, execute_as="", callback=""))
    assert cleared["executingTwoLOUser"] is None and cleared["callback"] is None
    assert cleared["sharedSecret"] is None and cleared["outgoing"] is False


def test_outgoing_wire_carries_the_secret_and_no_key():
    wire = outgoing_to_wire({"consumer_key": "ci", "consumer_name": "CI"}, "s3")
    assert (wire["key"], wire["name"], wire["sharedSecret"], wire["outgoing"], wire["publicKey"]) == (
        "ci", "CI", "s3", True, None)


def test_provider_config_mapping_keeps_other_keys():
    config = {"consumerKey.outbound": "ci", "serviceProvider.requestTokenUrl": "https://p/rt", "other": "x"}
    assert outgoing_from_config(config) == {"consumer_key": "ci", "request_token_url": "https://p/rt",
                                            "access_token_url": None, "authorize_url": None}
    assert outgoing_from_config(None)["consumer_key"] is None
    merged = outgoing_to_config({"consumer_key": "ci2", "request_token_url": None, "access_token_url": "https://p/at",
                                 "authorize_url": "https://p/au"}, config)
    assert merged == {"consumerKey.outbound": "ci2", "serviceProvider.requestTokenUrl": "https://p/rt",
                      "serviceProvider.accessTokenUrl": "https://p/at", "serviceProvider.authorizeUrl": "https://p/au",
                      "other": "x"}


# Change detection

def params(**kw):
    base = {"link": "Tool", "remote_url": None, "direction": "incoming", "consumer_key": None, "consumer_name": None,
            "public_key": None, "callback": None, "two_lo_allowed": None, "execute_as": None,
            "two_lo_impersonation": None, "shared_secret": None, "update_secret": "on_create",
            "request_token_url": None, "access_token_url": None, "authorize_url": None, "state": "present",
            "remove_link": False}
    base.update(kw)
    return base


def test_unset_options_are_not_managed_and_key_format_is_not_a_change():
    current = dict(consumer_from_wire(WIRE_IN))
    desired = desired_fields(params(), "incoming", None)
    assert FIELDS.changes(current, desired) == []
    desired = desired_fields(params(two_lo_allowed=True, consumer_name=" Tool "), "incoming",
                             load_public_key(DER_B64))
    assert FIELDS.changes(current, desired) == []


def test_changes_are_detected_per_field():
    current = dict(consumer_from_wire(WIRE_IN))
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    desired = desired_fields(params(two_lo_allowed=False, execute_as="", callback="https://tool/cb2"), "incoming",
                             other)
    assert sorted(FIELDS.changes(current, desired)) == [
        "callback", "execute_as", "public_key", "two_lo_allowed"]


def test_outgoing_desired_fields_ignore_incoming_options():
    desired = desired_fields(params(direction="outgoing", consumer_key="ci", request_token_url="https://p/rt"),
                             "outgoing")
    assert desired == {"consumer_key": "ci", "consumer_name": None, "request_token_url": "https://p/rt",
                       "access_token_url": None, "authorize_url": None}


def test_diff_masks_the_secret():
    after = {"consumer_key": "ci", "shared_secret": "s3", "link": {"id": "x"}}
    assert FIELDS.redact(after) == {"consumer_key": "ci", "shared_secret": "********", "link": {"id": "x"}}


# Input checks (no request is made)


@pytest.mark.parametrize("kw, option", [
    ({"shared_secret": "x"}, "shared_secret"),
    ({"request_token_url": "https://p/rt"}, "request_token_url"),
    ({"direction": "outgoing", "public_key": SPKI_PEM}, "public_key"),
    ({"direction": "outgoing", "two_lo_allowed": True}, "two_lo_allowed"),
    ({"public_key": PRIVATE_PEM}, "public_key"),
    ({"consumer_key": "  "}, "consumer_key"),
    ({"callback": "ftp://x"}, "callback"),
    ({"direction": "outgoing", "authorize_url": "not a url"}, "authorize_url"),
    ({"remove_link": True}, "remove_link"),
    ({"link": ""}, "link"),
])
def test_validate_names_the_option(kw, option):
    with pytest.raises(InputError) as err:
        OAUTH1_CONSUMER.validate(params(**kw))
    assert err.value.option == option


def test_validate_returns_the_normalised_key():
    assert OAUTH1_CONSUMER.validate(params(public_key=DER_B64)) == SPKI_PEM
    assert OAUTH1_CONSUMER.validate(params()) is None


def test_create_requirements_and_secret_for_consumer_writes():
    item = params(direction="outgoing", remote_url="https://ci.example", consumer_key="ci",
                  request_token_url="https://p/rt", access_token_url="https://p/at", authorize_url="https://p/au")
    with pytest.raises(InputError) as err:
        OAUTH1_CONSUMER.check_create(item, None)
    assert err.value.option == "shared_secret"
    with pytest.raises(InputError) as err:
        OAUTH1_CONSUMER.check_update(item, ["consumer_name"])
    assert err.value.option == "shared_secret"
    OAUTH1_CONSUMER.check_update(item, ["request_token_url"])  # the provider config needs no secret
    with pytest.raises(InputError) as err:
        OAUTH1_CONSUMER.check_create(params(consumer_key="k", public_key=SPKI_PEM), None)
    assert err.value.option == "remote_url"


def test_forced_writes_of_the_outgoing_consumer():
    item = params(direction="outgoing", shared_secret="s3", update_secret="always")
    assert OAUTH1_CONSUMER.forced(item, {"consumer_key": "ci"}) == ["shared_secret"]
    assert OAUTH1_CONSUMER.forced(item, None) == ["consumer", "shared_secret"]
    assert OAUTH1_CONSUMER.forced(params(update_secret="always"), None) == []


def test_a_new_incoming_consumer_and_an_unchanged_one():
    item = params(remote_url="https://tool.example", consumer_key="tool", public_key=SPKI_PEM)
    decision = OAUTH1_CONSUMER.decide(None, item, None, None, SPKI_PEM)
    assert decision.action == "create" and decision.after["consumer_name"] == "Tool"  # defaults to the link name
    assert decision.after["link"]["id"] == generic_link_id("https://tool.example")
    assert decision.after["signature_method"] == "RSA_SHA1" and decision.after["two_lo_allowed"] is False
    current = dict(consumer_from_wire(WIRE_IN), link={"id": "x"}, direction="incoming")
    assert OAUTH1_CONSUMER.decide(current, params(), {"id": "x"}, WIRE_IN, None).action == "none"
