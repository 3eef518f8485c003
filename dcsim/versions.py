"""The one table of product versions: which lines dcsim plays and what each version changes (REST reference §12).

Services never compare versions themselves: they read the `Profile` that `profile()` resolves here. A rule is a
list of `(since, value)` steps per product, ascending; the value of the last step at or below the version wins.
"""

from dataclasses import dataclass

from dcsim.products import PRODUCTS


class UnknownVersion(ValueError):
    """A version that is not X.Y[.Z], or whose X.Y line dcsim does not play."""


# Version lines dcsim plays, per product: line -> (default patch version, applinksVersion, LTS).
# applinksVersion values are inferred (REST reference §10: "newer applinks (10.x)"): 9.1.4 for the baseline lines,
# 10.x for the Platform 7 lines (Jira 10, Confluence 9, Bitbucket 9, Bamboo 10), 11.x for the lines after it.
LINES = {
    "confluence": {"8.5": ("8.5.16", "9.1.4", True), "9.2": ("9.2.6", "10.0.6", True),
                   "9.5": ("9.5.2", "10.0.6", False), "10.0": ("10.0.3", "11.0.2", False),
                   "10.1": ("10.1.1", "11.0.2", False), "10.2": ("10.2.0", "11.0.2", False)},
    "jira": {"9.12": ("9.12.15", "9.1.4", True), "10.3": ("10.3.12", "10.0.6", True),
             "11.0": ("11.0.3", "11.0.2", False), "11.1": ("11.1.1", "11.0.2", False),
             "11.2": ("11.2.1", "11.0.2", False), "11.3": ("11.3.0", "11.0.2", False)},
    "bitbucket": {"8.19": ("8.19.10", "9.1.4", True), "9.4": ("9.4.8", "10.0.6", True),
                  "10.0": ("10.0.2", "11.0.2", False), "10.1": ("10.1.0", "11.0.2", False)},
    "bamboo": {"9.6": ("9.6.8", "9.1.4", True), "10.2": ("10.2.5", "10.0.6", True),
               "11.0": ("11.0.2", "11.0.2", False), "12.0": ("12.0.0", "11.0.2", False)},
}

# The current LTS lines (REST reference §12) are the defaults.
DEFAULT_LINE = {"confluence": "9.2", "jira": "10.3", "bitbucket": "9.4", "bamboo": "10.2"}

_JIRA_CONFLUENCE = ("READ", "WRITE", "ADMIN", "SYSTEM_ADMIN")
_NEW_SCOPES = ("READ_ALL", "MANAGE_SUBSCRIPTIONS")

# OAuth 2.0 provider scopes (REST reference §6.2, §12.3).
SCOPES = {
    "jira": [((0,), _JIRA_CONFLUENCE), ((10, 3), _JIRA_CONFLUENCE + _NEW_SCOPES)],
    "confluence": [((0,), _JIRA_CONFLUENCE), ((9, 2), _JIRA_CONFLUENCE + _NEW_SCOPES)],
    "bitbucket": [((0,), ("PUBLIC_REPOS", "ACCOUNT_WRITE", "REPO_READ", "REPO_WRITE", "REPO_ADMIN",
                          "PROJECT_ADMIN", "ADMIN_WRITE", "SYSTEM_ADMIN"))],
    "bamboo": [((0,), ("READ", "TRIGGER", "USER"))],
}
# Jira Service Management (`--jsm`) adds JSM_KB from Jira 10.3 (REST reference §12.3, third-party transcription).
JSM_SCOPES = {"jira": [((0,), ()), ((10, 3), ("JSM_KB",))]}

# Basic authentication on REST blocked by default (REST reference §12.2: reported for Jira 11.0). Switchable on every
# version through /rest/basicauth/1.0/config and the CLI's --basic-auth.
BASIC_AUTH_BLOCKED = {"jira": [((0,), False), ((11, 0), True)], "confluence": [((0,), False)],
                      "bitbucket": [((0,), False)], "bamboo": [((0,), False)]}

# The native "Atlassian product via OAuth 2.0" application link (REST reference §12.1). Only a flag: its REST is
# unknown, so dcsim serves no endpoint for it (GET /_dcsim/health shows it).
NATIVE_OAUTH2_APPLINKS = {"jira": [((0,), False), ((11, 2), True)],
                          "confluence": [((0,), False), ((10, 1), True)],
                          "bitbucket": [((0,), False), ((10, 1), True)],
                          "bamboo": [((0,), False), ((12, 0), True)]}

# Confluence 9.5: the link list's Status column reads "connected, network error, or non-Atlassian" (contract
# §12.1, unconfirmed). A documented flag only; dcsim has no UI.
STATUS_FOR_NON_ATLASSIAN = {"confluence": [((0,), False), ((9, 5), True)], "jira": [((0,), False)],
                            "bitbucket": [((0,), False)], "bamboo": [((0,), False)]}

# buildNumber = major * M + minor * m + patch, per product. Jira's and Bitbucket's real build numbers follow
# this (9.12.15 -> 9120015, 8.19.10 -> 8019010), Bamboo's too (9.6.8 -> 90608). Confluence's real ones are
# not derivable from the version (8.5.16 is 9012), so dcsim gives Confluence Jira's rule.
BUILD_WEIGHTS = {"jira": (1_000_000, 10_000), "confluence": (1_000_000, 10_000),
                 "bitbucket": (1_000_000, 1_000), "bamboo": (10_000, 100)}


@dataclass(frozen=True)
class Scope:
    """What a granted scope allows a bearer token (REST reference §6.2; the newer scopes' semantics are inferred)."""
    implies: tuple = ()        # scopes it includes (for the authorize/refresh subset check)
    role_cap: str = "user"     # the highest role a token with it may act as (the user's own role caps it too)
    read_only: bool = False    # only GET/HEAD


# REST reference §6.2 ladders: WRITE includes READ, ADMIN includes WRITE and READ, SYSTEM_ADMIN includes all.
# Inferred: READ_ALL reads everything the user can read (read-only, capped by the user's own role only);
# MANAGE_SUBSCRIPTIONS is WRITE-level; JSM_KB is READ-level.
SCOPE_RULES = {
    "READ": Scope(read_only=True),
    "WRITE": Scope(("READ",)),
    "ADMIN": Scope(("WRITE", "READ"), "admin"),
    "SYSTEM_ADMIN": Scope(("ADMIN", "WRITE", "READ", "READ_ALL", "MANAGE_SUBSCRIPTIONS", "REPO_ADMIN",
                           "REPO_WRITE", "REPO_READ", "PUBLIC_REPOS", "PROJECT_ADMIN", "ADMIN_WRITE"), "sysadmin"),
    "READ_ALL": Scope(("READ",), "sysadmin", read_only=True),
    "MANAGE_SUBSCRIPTIONS": Scope(("READ",)),
    "JSM_KB": Scope(read_only=True),
    "PUBLIC_REPOS": Scope(read_only=True),
    "REPO_READ": Scope(("PUBLIC_REPOS",), read_only=True),
    "REPO_WRITE": Scope(("REPO_READ", "PUBLIC_REPOS")),
    "REPO_ADMIN": Scope(("REPO_WRITE", "REPO_READ", "PUBLIC_REPOS"), "admin"),
    "PROJECT_ADMIN": Scope(("REPO_ADMIN", "REPO_WRITE", "REPO_READ", "PUBLIC_REPOS"), "admin"),
    "ADMIN_WRITE": Scope(("PROJECT_ADMIN", "REPO_ADMIN", "REPO_WRITE", "REPO_READ", "PUBLIC_REPOS"), "admin"),
    "ACCOUNT_WRITE": Scope(),
    "TRIGGER": Scope(),
    "USER": Scope(read_only=True),
}


@dataclass(frozen=True)
class Profile:
    """Everything version-dependent about one instance."""
    product: str
    version: str
    line: str
    build_number: int
    applinks_version: str
    scopes: tuple
    basic_auth_blocked: bool        # the default; the stored /rest/basicauth/1.0/config overrides it
    native_oauth2_applinks: bool
    status_for_non_atlassian: bool
    jsm: bool = False


def parse(version):
    """(major, minor, patch) of "X.Y.Z"; "X.Y" gives patch None."""
    parts = str(version).strip().split(".")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise UnknownVersion(f"version {version!r} is not X.Y.Z")
    major, minor = int(parts[0]), int(parts[1])
    return major, minor, int(parts[2]) if len(parts) == 3 else None


def known_lines(product):
    return list(LINES[product])


def _step(steps, key):
    value = None
    for since, step_value in steps:
        if key >= since:
            value = step_value
    return value


def profile(product, version=None, jsm=False):
    """The Profile of `product` at `version` (default: the product's current LTS line)."""
    if product not in LINES:
        raise UnknownVersion(f"unknown product {product!r}")
    if jsm and product != "jira":
        raise UnknownVersion("--jsm (Jira Service Management) applies to Jira only")
    lines = LINES[product]
    if version is None:
        version = lines[DEFAULT_LINE[product]][0]
    major, minor, patch = parse(version)
    line = f"{major}.{minor}"
    if line not in lines:
        raise UnknownVersion(f"{PRODUCTS[product].name} {version} is not a version line dcsim plays; known "
                             f"lines: {', '.join(lines)}")
    default, applinks_version, _lts = lines[line]
    if patch is None:
        version, patch = default, parse(default)[2]
    else:
        version = f"{major}.{minor}.{patch}"
    key = (major, minor)
    scopes = _step(SCOPES[product], key)
    if jsm:
        scopes = scopes + _step(JSM_SCOPES[product], key)
    big, small = BUILD_WEIGHTS[product]
    return Profile(product=product, version=version, line=line, build_number=major * big + minor * small + patch,
                   applinks_version=applinks_version, scopes=tuple(scopes),
                   basic_auth_blocked=_step(BASIC_AUTH_BLOCKED[product], key),
                   native_oauth2_applinks=_step(NATIVE_OAUTH2_APPLINKS[product], key),
                   status_for_non_atlassian=_step(STATUS_FOR_NON_ATLASSIAN[product], key), jsm=jsm)


def scope_rule(name):
    return SCOPE_RULES.get(name, Scope())


def implied(names):
    """The scopes a set of granted scopes includes (themselves too)."""
    result = set(names)
    for name in names:
        result.update(scope_rule(name).implies)
    return result
