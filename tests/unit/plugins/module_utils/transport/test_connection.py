"""Connection options: validation before any request (URL, credentials, plain http, TLS files), environment
fallbacks, the http warning, and the Transport they build."""

import datetime

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.atlassian_dc.applinks.plugins.module_utils import checks as _validate
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.connection import (
    AUTH_METHODS, transport_from_params, validate_connection)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.options import connection_argspec
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import check_url

URL = "https://product.example.com/confluence"


def params(**overrides):
    values = dict((name, spec.get("default")) for name, spec in connection_argspec().items())
    values.update(url=URL, username="admin", password="pw")
    values.update(overrides)
    return values


def key_and_cert(name="test"):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key, key_pem, cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def pems(tmp_path_factory):
    root = tmp_path_factory.mktemp("pems")
    key, key_pem, cert_pem = key_and_cert()
    _other_key, other_key_pem, _other_cert = key_and_cert("other")
    files = {
        "cert": cert_pem, "key": key_pem, "both": cert_pem + key_pem, "other_key": other_key_pem,
        "text": b"just some text\n", "empty": b"",
        "garbage": b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
        "encrypted_key": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.BestAvailableEncryption(b"pass")),
    }
    paths = {}
    for name, data in files.items():
        path = root / (name + ".pem")
        path.write_bytes(data)
        paths[name] = str(path)
    paths["dir"] = str(root)
    paths["missing"] = str(root / "nope.pem")
    return paths


def input_error(values):
    with pytest.raises(InputError) as err:
        validate_connection(values)
    return err.value


# --- URL checks (_validate.check_url) -----------------------------------------------------------------

@pytest.mark.parametrize("value, fragment", [
    ("confluence.example.com", "must be an absolute http(s) URL, got 'confluence.example.com'"),
    ("ftp://confluence.example.com", "must be an absolute http(s) URL"),
    ("https://", "must be an absolute http(s) URL"),
    ("https://host:99999/x", "has an invalid port"),
    ("https://host/x#frag", "must not contain a #fragment"),
])
def test_check_url_rejects(value, fragment):
    with pytest.raises(InputError) as err:
        check_url("url", value)
    assert err.value.option == "url" and fragment in str(err.value)


@pytest.mark.parametrize("value", ["https://admin:S3cret@host/x", "admin:S3cret@host", "https://admin@host"])
def test_check_url_rejects_credentials_without_echoing_them(value):
    with pytest.raises(InputError) as err:
        check_url("url", value)
    assert "S3cret" not in str(err.value) and "admin" not in str(err.value)


def test_check_url_https_only_and_accepts():
    check_url("url", "https://host:8443/confluence")
    check_url("url", "http://localhost:1990/jira")
    check_url("url", None)
    with pytest.raises(InputError) as err:
        check_url("token_endpoint", "http://idp.example.com/t", https_only=True)
    assert "must use https" in str(err.value)


# --- credentials (the auth option groups) ---------------------------------------------------------------

def test_auth_methods_are_basic_and_token():
    assert sorted(AUTH_METHODS) == ["basic", "token"]


def test_token_with_username_names_username():
    err = input_error(params(password=None, token="pat"))
    assert err.option == "username" and "is not used with token" in str(err)


def test_no_credentials_names_password():
    err = input_error(params(username=None, password=None))
    assert err.option == "password" and "ATLASSIAN_TOKEN" in str(err)


def test_token_alone_and_basic_pass():
    validate_connection(params(username=None, password=None, token="pat"))
    validate_connection(params())


# --- plain http: refused before any request unless allow_insecure_http ------------------------------------

@pytest.mark.parametrize("auth, what", [({"password": "S3cr3t-pw"}, "the password"),
                                        ({"username": None, "password": None, "token": "S3cr3t-pat"}, "the token")])
def test_plain_http_is_refused_naming_url(auth, what):
    err = input_error(params(url="http://product.example.com:8090", **auth))
    assert err.option == "url" and what + " would cross the network in clear text" in str(err)
    assert "allow_insecure_http: true" in str(err) and "S3cr3t-pw" not in str(err) and "S3cr3t-pat" not in str(err)


def test_plain_http_with_the_opt_in_passes():
    validate_connection(params(url="HTTP://product.example.com:8090", allow_insecure_http=True))
    validate_connection(params(url="https://product.example.com", allow_insecure_http=False))


# --- ca_path, client_cert, client_key: checked before any request -----------------------------------------

@pytest.mark.parametrize("name, fragment", [
    ("missing", "file not found"),
    ("dir", "is a directory"),
    ("text", "is not a PEM certificate file"),
    ("empty", "is not a PEM certificate file"),
    ("key", "is not a PEM certificate file"),
    ("garbage", "holds no certificate that can be loaded"),
])
def test_bad_ca_path(pems, name, fragment):
    err = input_error(params(ca_path=pems[name]))
    assert err.option == "ca_path" and fragment in str(err) and pems[name] in str(err)


def test_unreadable_ca_path(pems, monkeypatch):
    def denied(path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(_validate, "_read_file", denied)
    err = input_error(params(ca_path=pems["cert"]))
    assert err.option == "ca_path" and "cannot read" in str(err) and "Permission denied" in str(err)


def test_good_ca_path_and_bundle_pass(pems):
    validate_connection(params(ca_path=pems["cert"]))
    validate_connection(params(ca_path=pems["both"]))


def test_ca_path_is_not_read_without_certificate_checks(pems):
    validate_connection(params(ca_path=pems["missing"], validate_certs=False))


@pytest.mark.parametrize("cert, key, option, fragment", [
    ("missing", None, "client_cert", "file not found"),
    ("text", None, "client_cert", "is not a PEM certificate file"),
    ("cert", None, "client_cert", "holds no usable private key"),
    ("cert", "missing", "client_key", "file not found"),
    ("cert", "text", "client_key", "is not a PEM private key"),
    ("cert", "encrypted_key", "client_key", "is encrypted"),
    ("cert", "other_key", "client_key", "cannot be used with client_cert"),
    (None, "key", "client_key", "needs client_cert"),
])
def test_bad_client_certificate(pems, cert, key, option, fragment):
    err = input_error(params(client_cert=pems.get(cert), client_key=pems.get(key)))
    assert err.option == option and fragment in str(err)


def test_good_client_certificate_passes(pems):
    validate_connection(params(client_cert=pems["cert"], client_key=pems["key"]))
    validate_connection(params(client_cert=pems["both"]))
    validate_connection(params(client_cert=pems["both"], validate_certs=False))


# --- argspec: environment fallbacks, new options -----------------------------------------------------------

def module_params(args, monkeypatch, env):
    for name in ("ATLASSIAN_URL", "ATLASSIAN_USERNAME", "ATLASSIAN_PASSWORD", "ATLASSIAN_TOKEN",
                 "ATLASSIAN_VALIDATE_CERTS", "ATLASSIAN_CA_PATH", "ATLASSIAN_TIMEOUT",
                 "ATLASSIAN_ALLOW_INSECURE_HTTP"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with patch_module_args(args):
        return AnsibleModule(argument_spec=connection_argspec()).params


def test_env_fallbacks_for_tls_and_timeout(monkeypatch, pems):
    env = {"ATLASSIAN_URL": URL, "ATLASSIAN_USERNAME": "admin", "ATLASSIAN_PASSWORD": "pw",
           "ATLASSIAN_VALIDATE_CERTS": "false", "ATLASSIAN_CA_PATH": pems["cert"], "ATLASSIAN_TIMEOUT": "7"}
    values = module_params({}, monkeypatch, env)
    assert values["validate_certs"] is False and values["ca_path"] == pems["cert"] and values["timeout"] == 7


def test_options_win_over_env(monkeypatch, pems):
    env = {"ATLASSIAN_VALIDATE_CERTS": "false", "ATLASSIAN_CA_PATH": "/nowhere.pem", "ATLASSIAN_TIMEOUT": "7"}
    values = module_params({"url": URL, "validate_certs": True, "ca_path": pems["cert"], "timeout": 9},
                           monkeypatch, env)
    assert values["validate_certs"] is True and values["ca_path"] == pems["cert"] and values["timeout"] == 9


def test_defaults_of_the_new_options(monkeypatch):
    values = module_params({"url": URL}, monkeypatch, {})
    assert values["use_proxy"] is True and values["validate_certs"] is True
    assert values["client_cert"] is None and values["client_key"] is None and values["ca_path"] is None
    assert values["allow_insecure_http"] is False


def test_allow_insecure_http_from_the_environment(monkeypatch):
    values = module_params({"url": URL}, monkeypatch, {"ATLASSIAN_ALLOW_INSECURE_HTTP": "true"})
    assert values["allow_insecure_http"] is True


# --- the Transport they build ------------------------------------------------------------------------------

def test_transport_gets_every_connection_option(pems):
    transport = transport_from_params(params(ca_path=pems["cert"], client_cert=pems["cert"],
                                             client_key=pems["key"], use_proxy=False, timeout=5, retries=1))
    assert transport.verify == pems["cert"] and transport.cert == (pems["cert"], pems["key"])
    assert transport.session.trust_env is False and transport.timeout == 5 and transport.retries == 1
    token = transport_from_params(params(username=None, password=None, token="pat"))
    assert token.session.trust_env is True and token.session.auth.token == "pat"


@pytest.mark.parametrize("url, auth, warned", [
    ("http://product.example.com:8090", {}, "the password"),
    ("HTTP://product.example.com:8090", {"username": None, "password": None, "token": "pat"}, "the token"),
    ("https://product.example.com", {}, None),
])
def test_plain_http_warns_that_credentials_go_in_clear(url, auth, warned):
    warnings = []
    transport_from_params(params(url=url, allow_insecure_http=True, **auth), warn=warnings.append)
    if warned:
        assert len(warnings) == 1 and warned + " is sent in clear text" in warnings[0]
        assert "pw" not in warnings[0] and "pat" not in warnings[0]
    else:
        assert warnings == []
