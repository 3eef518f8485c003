"""The shared CA (issue 15 item 8): instances started together on one fresh --ca-dir end up with one CA."""

import concurrent.futures
import multiprocessing

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding

from dcsim import testing, tls

INSTANCES = 4


def _server_cert(args):
    """What `dcsim serve` does first: make sure the CA exists, then sign this instance's certificate with it."""
    data_dir, ca_dir = args
    cert, _ = tls.ensure_server_cert(data_dir, ca_dir)
    return str(cert)


def _issued_by(cert, ca_cert):
    """Whether `cert` is signed by the key of `ca_cert` (a real signature check, not a name comparison)."""
    try:
        ca_cert.public_key().verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),
                                    cert.signature_hash_algorithm)
        return True
    except InvalidSignature:
        return False


def test_certificates_signed_by_many_processes_at_once_chain_to_the_one_ca(tmp_path):
    """Several processes create the CA and sign their certificate at the same moment: all chain to ca.pem."""
    ca_dir = tmp_path / "ca"
    ctx = multiprocessing.get_context("fork")
    for attempt in range(3):  # the race needs the processes to overlap; a few rounds make it show reliably
        round_ca = ca_dir / str(attempt)
        jobs = [(tmp_path / f"server{attempt}-{i}", round_ca) for i in range(INSTANCES)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=INSTANCES, mp_context=ctx) as pool:
            certs = list(pool.map(_server_cert, jobs))
        ca_cert = x509.load_pem_x509_certificate((round_ca / "ca.pem").read_bytes())
        for path in certs:
            cert = x509.load_pem_x509_certificate(open(path, "rb").read())
            assert _issued_by(cert, ca_cert), f"{path} was signed by a CA that is no longer on disk"


def test_instances_started_together_share_one_ca(tmp_path):
    """Several `dcsim serve` started at once with one fresh --ca-dir: each server certificate chains to ca.pem."""
    ca_dir = tmp_path / "ca"
    with concurrent.futures.ThreadPoolExecutor(max_workers=INSTANCES) as pool:
        futures = [pool.submit(testing.start, "jira", tmp_path / f"jira{i}", ca_dir=ca_dir, timeout=15)
                   for i in range(INSTANCES)]
        # An instance whose certificate belongs to an overwritten CA never passes the start-up health check
        # (testing.start verifies with ca.pem), so it surfaces here as "did not start".
        outcomes = [f.exception() or f.result() for f in futures]
    started = [o for o in outcomes if isinstance(o, testing.Running)]
    try:
        assert len(started) == INSTANCES, [str(o) for o in outcomes if not isinstance(o, testing.Running)]
        ca_cert = x509.load_pem_x509_certificate((ca_dir / "ca.pem").read_bytes())
        for running in started:
            server_cert = x509.load_pem_x509_certificate((running.data_dir / "server.pem").read_bytes())
            assert _issued_by(server_cert, ca_cert), f"{running.data_dir} has a certificate of another CA"
            # and a client that trusts only ca.pem reaches every instance
            assert requests.get(running.base_url + "/_dcsim/health", verify=str(ca_dir / "ca.pem"),
                                timeout=10).status_code == 200
    finally:
        for running in started:
            running.stop()
