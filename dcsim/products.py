"""What differs between the simulated products (contract §2.9, §6.2)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    key: str            # CLI name
    type_id: str        # applinks typeId (contract §2.9)
    name: str           # display name
    version: str
    build_number: int
    context_path: str   # default context path of the base URL
    scopes: tuple       # OAuth 2.0 provider scopes (contract §6.2)
    consumer_key_prefix: str


APPLINKS_VERSION = "9.1.4"

_ATLASSIAN_SCOPES = ("READ", "WRITE", "ADMIN", "SYSTEM_ADMIN")

PRODUCTS = {
    "confluence": Product("confluence", "confluence", "Confluence", "8.5.16", 9012, "/confluence",
                          _ATLASSIAN_SCOPES, "Confluence"),
    "jira": Product("jira", "jira", "Jira", "9.12.15", 9120015, "/jira", _ATLASSIAN_SCOPES, "jira"),
    "bitbucket": Product("bitbucket", "stash", "Bitbucket", "8.19.10", 8019010, "",
                         ("PUBLIC_REPOS", "ACCOUNT_WRITE", "REPO_READ", "REPO_WRITE", "REPO_ADMIN",
                          "PROJECT_ADMIN", "ADMIN_WRITE", "SYSTEM_ADMIN"), "stash"),
    "bamboo": Product("bamboo", "bamboo", "Bamboo", "9.6.8", 90608, "/bamboo",
                      ("READ", "TRIGGER", "USER"), "bamboo"),
}

# Which scope implies which (contract §6.2: WRITE includes READ, ...). Used when a bearer token is checked.
SCOPE_RANK = {"READ": 1, "PUBLIC_REPOS": 1, "REPO_READ": 1, "USER": 1,
              "WRITE": 2, "TRIGGER": 2, "ACCOUNT_WRITE": 2, "REPO_WRITE": 2,
              "ADMIN": 3, "REPO_ADMIN": 3, "PROJECT_ADMIN": 3, "ADMIN_WRITE": 3,
              "SYSTEM_ADMIN": 4}
