"""Run-time settings of one dcsim instance (one product per process)."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dcsim import versions
from dcsim.products import PRODUCTS, Product

# Default users: (password, role). Roles: sysadmin > admin > user (REST reference §1.4).
DEFAULT_USERS = {
    "admin": ("admin", "sysadmin"),
    "manager": ("manager", "admin"),
    "user": ("user", "user"),
}

DB_FILE = "dcsim.sqlite3"  # in the data directory

ROLE_RANK = {"anonymous": 0, "user": 1, "admin": 2, "sysadmin": 3}


@dataclass
class SimConfig:
    product: Product
    data_dir: Path
    base_url: str = ""                 # set once the port is known
    dev_mode: bool = False             # atlassian.dev.mode: relaxes the HTTPS checks
    https: bool = True
    context_path: str = None           # None = the product's default (e.g. /confluence)
    ca_dir: Path = None                # where the shared CA lives (default: data_dir)
    users: dict = field(default_factory=lambda: dict(DEFAULT_USERS))
    # REST reference §6.1: whether the provider's `client` resource refuses a non-HTTPS base URL. Off, as in plugin
    # 3.1.5 (HttpsOnlyResourceFilter is not applied to any resource); --provider-https-check turns it on.
    provider_client_https_check: bool = False
    # Token bucket (REST reference §1.7); None = rate limiting off.
    rate_limit_capacity: int = None
    rate_limit_fill_rate: int = 1
    rate_limit_interval: int = 1
    version: str = None                # None = the product's current LTS line (versions.py)
    jsm: bool = False                  # Jira Service Management (adds its OAuth 2.0 scope, REST reference §12.3)
    basic_auth: bool = None            # --basic-auth on|off: None = the version's default (REST reference §12.2)
    # The proxied layout (issue 16): the host name of the base URL (browsers) when it differs from the bind host
    # (servers); None = the bind host. With refuse_server_calls_on_public_name, server-to-server calls that
    # arrive on the public name are dropped (the proxy is unreachable from inside).
    public_host: str = None
    refuse_server_calls_on_public_name: bool = False
    profile: versions.Profile = None   # resolved from product, version and jsm

    @classmethod
    def for_product(cls, name, data_dir, **kwargs):
        return cls(product=PRODUCTS[name], data_dir=Path(data_dir), **kwargs)

    def __post_init__(self):
        if self.context_path is None:
            self.context_path = self.product.context_path
        if self.profile is None:
            self.profile = versions.profile(self.product.key, self.version, jsm=self.jsm)

    @property
    def ca_file(self):
        return Path(self.ca_dir or self.data_dir) / "ca.pem"

    @property
    def db_path(self):
        return Path(self.data_dir) / DB_FILE

    @property
    def public_hostname(self):
        """The host name of the base URL, which browsers use."""
        return urlsplit(self.base_url).hostname if self.base_url else None

    @property
    def base_is_https(self):
        return self.base_url.startswith("https://")
