"""The state of one running instance, shared by every layer: config, store, identity, simulator controls."""

import json
import secrets
import uuid

import requests

from dcsim.services.simctl import Faults, RateLimiter, RequestLog
from dcsim.store import core as core_store
from dcsim.store.db import Store
from dcsim.tls import new_rsa_keypair_pem

REMOTE_TIMEOUT = 60  # seconds; what a server uses when it calls a remote (REST reference §2.2)
# The User-Agent of every request dcsim sends: server-to-server calls, and the browser's part it plays in the
# OAuth 2.0 connection test. The request log tells them apart by it (web.is_server_call).
SERVER_CALL_AGENT = "dcsim-server-call"
BROWSER_AGENT = "dcsim-browser"


class Sim:
    def __init__(self, config):
        self.config = config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(config.db_path)
        self.store.init()
        self.log = RequestLog()
        self.faults = Faults()
        self.rate_limiter = RateLimiter(config.rate_limit_capacity, config.rate_limit_fill_rate,
                                        config.rate_limit_interval)
        # Identity survives restarts: first start writes it, later starts read it.
        self.server_id = core_store.set_meta_once(self.store, "server_id", str(uuid.uuid4()))
        private, public = new_rsa_keypair_pem()
        self.consumer_private_pem = core_store.set_meta_once(self.store, "consumer_private_pem", private)
        self.consumer_public_pem = core_store.set_meta_once(self.store, "consumer_public_pem", public)
        # The user names, for `python -m dcsim pat` while the instance is stopped (users live on the command line).
        core_store.set_meta(self.store, "users", json.dumps(sorted(config.users)))
        self.consumer_key = core_store.set_meta_once(
            self.store, "consumer_key", f"{config.product.consumer_key_prefix}:{secrets.randbelow(10**10)}")

    @property
    def product(self):
        return self.config.product

    @property
    def profile(self):
        """The version-dependent rules (versions.py)."""
        return self.config.profile

    @property
    def base_url(self):
        return self.config.base_url

    def remote(self, method, url, browser=False, **kwargs):
        """An HTTP call from this server to another (a remote product). Verifies TLS with the shared CA.

        Marked as a server call by its User-Agent, or as a browser's when dcsim plays the user's browser
        (`browser=True`). `verify` is passed per request: a session-level value is overridden by
        REQUESTS_CA_BUNDLE.
        """
        headers = dict(kwargs.pop("headers", None) or {})
        headers["User-Agent"] = BROWSER_AGENT if browser else SERVER_CALL_AGENT
        kwargs["headers"] = headers
        kwargs.setdefault("timeout", REMOTE_TIMEOUT)
        if url.startswith("https://"):
            kwargs.setdefault("verify", str(self.config.ca_file) if self.config.ca_file.exists() else True)
        return requests.request(method, url, **kwargs)
