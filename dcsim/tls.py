"""A local CA and server certificates, made with `cryptography` (never by hand)."""

import contextlib
import datetime
import fcntl
import ipaddress
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

_VALID_DAYS = 825
# Instances started together share one CA directory: its creation runs under this lock (issue 15 item 8).
CA_LOCK_FILE = ".ca.lock"


@contextlib.contextmanager
def _locked(directory):
    """An exclusive flock on a lock file in `directory`, held for the block (other processes wait)."""
    with open(Path(directory) / CA_LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _replace_atomically(path, data, private=False):
    """Write to a temporary file in the same directory, then rename it over `path` (readers never see half)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    if private:
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _private_bytes(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def ensure_ca(ca_dir):
    """Create ``ca.pem``/``ca-key.pem`` in ca_dir once; return their paths.

    Check and create happen under a file lock, so processes started together create one CA and all use it.
    """
    ca_dir = Path(ca_dir)
    ca_dir.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = ca_dir / "ca.pem", ca_dir / "ca-key.pem"
    with _locked(ca_dir):
        if not (cert_path.exists() and key_path.exists()):
            _create_ca(cert_path, key_path)
    return cert_path, key_path


def _create_ca(cert_path, key_path):
    key = _new_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dcsim local CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=_VALID_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    # Write the key first and the cert last: the cert's presence marks a complete CA.
    _replace_atomically(key_path, _private_bytes(key), private=True)
    _replace_atomically(cert_path, cert.public_bytes(serialization.Encoding.PEM))


DEFAULT_CERT_HOSTS = ("127.0.0.1", "localhost")


def _names_of(cert_path):
    """The DNS names and IP addresses a certificate is valid for."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(n) for n in sans.get_values_for_type(x509.DNSName)} | {
        str(a) for a in sans.get_values_for_type(x509.IPAddress)}


def ensure_server_cert(data_dir, ca_dir, hosts=DEFAULT_CERT_HOSTS):
    """Create ``server.pem``/``server-key.pem`` in data_dir signed by the CA, valid for every name in `hosts`
    (the public and the internal name of the layout); made again when a name is missing. Return their paths."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = data_dir / "server.pem", data_dir / "server-key.pem"
    if cert_path.exists() and key_path.exists() and set(hosts) <= _names_of(cert_path):
        return cert_path, key_path
    ca_cert_path, ca_key_path = ensure_ca(ca_dir)
    with _locked(ca_dir):  # read the CA's certificate and key as one pair
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
    key = _new_key()
    sans = []
    for host in hosts:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            sans.append(x509.DNSName(host))
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=_VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    _replace_atomically(key_path, _private_bytes(key), private=True)
    _replace_atomically(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def new_rsa_keypair_pem():
    """(private PEM, public PEM) of a fresh RSA key: the instance's OAuth 1.0a consumer key (REST reference §5.1)."""
    key = _new_key()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public
