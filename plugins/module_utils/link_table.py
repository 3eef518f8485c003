# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rows of the "View application links" page (pure functions, unit tested).

One row per remote application: a classic application link, or the OAuth 2.0 incoming client and outgoing
configuration that point at the same remote (scheme://host:port of the redirect URI and of the authorization
endpoint), which make one two-way row.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import urlparse

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.link_status import (
    NON_ATLASSIAN_LABEL as NON_ATLASSIAN, is_problem, status_label, status_of)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.product_types import GENERIC_LABEL, application_label

# How products with native OAuth 2.0 application links (REST reference §12.1) list an OAuth 2.0 incoming/outgoing pair.
EXTERNAL_LABEL = "External application"
INCOMING, OUTGOING, TWO_WAY = "Incoming", "Outgoing", "Two-way"
DEFAULT_PORTS = {"http": 80, "https": 443}


def version_text(value):
    """The applicationVersion data of a v3 link (a string or a version object), or None."""
    if isinstance(value, dict):
        return value.get("versionString") or None
    return value or None


def direction_from_auth(auth):
    """Two-way / Incoming / Outgoing from {'incoming': level, 'outgoing': level}; None without OAuth."""
    if not auth:
        return None
    incoming = auth.get("incoming") not in (None, "disabled")
    outgoing = auth.get("outgoing") not in (None, "disabled")
    if incoming and outgoing:
        return TWO_WAY
    if incoming:
        return INCOMING
    if outgoing:
        return OUTGOING
    return None


def origin(url):
    """scheme://host:port (explicit default port, lower-case host), the key that pairs OAuth 2.0 entities."""
    if not url:
        return None
    parsed = urlparse(url)
    if not parsed.scheme or not parsed.hostname:
        return None
    scheme = parsed.scheme.lower()
    try:
        port = parsed.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    return "%s://%s:%s" % (scheme, parsed.hostname.lower(), port)


def display_origin(url):
    """scheme://host[:port] as users write it (default port left out)."""
    key = origin(url)
    if key is None:
        return None
    scheme, rest = key.split("://", 1)
    host, port = rest.rsplit(":", 1)
    return "%s://%s" % (scheme, host) if DEFAULT_PORTS.get(scheme) == int(port) else key


def incoming_origin(client):
    redirects = client.get("redirect_uris") or []
    return origin(redirects[0]) if redirects else None


def outgoing_origin(config):
    return origin(config.get("authorization_endpoint"))


def pair_oauth2(incoming, outgoing):
    """[(client or None, config or None)]: per remote origin, clients and configs paired in name order."""
    groups = {}
    for client in incoming:
        groups.setdefault(incoming_origin(client) or "", ([], []))[0].append(client)
    for config in outgoing:
        groups.setdefault(outgoing_origin(config) or "", ([], []))[1].append(config)
    pairs = []
    for key in sorted(groups):
        clients, configs = [sorted(items, key=lambda e: (e.get("name") or "")) for items in groups[key]]
        if not key:  # no usable URL: never paired
            pairs.extend((c, None) for c in clients)
            pairs.extend((None, c) for c in configs)
            continue
        for index in range(max(len(clients), len(configs))):
            pairs.append((clients[index] if index < len(clients) else None,
                          configs[index] if index < len(configs) else None))
    return pairs


def oauth2_row(client, config, application=GENERIC_LABEL):
    names = []
    for entity in (client, config):
        if entity is not None and entity.get("name") not in names:
            names.append(entity.get("name"))
    if client is not None and config is not None:
        direction = TWO_WAY
    else:
        direction = INCOMING if client is not None else OUTGOING
    url = display_origin(client["redirect_uris"][0] if client is not None and client.get("redirect_uris")
                         else (config or {}).get("authorization_endpoint"))
    return {"name": " / ".join(n for n in names if n), "application": application, "direction": direction,
            "status": NON_ATLASSIAN, "status_category": None, "status_type": None, "remedy": None, "url": url,
            "source": "oauth2", "ids": [e["id"] for e in (client, config) if e is not None]}


def classic_row(link, auth=None, status=None, version=None):
    """A row for a classic link; `auth` {'incoming', 'outgoing'} levels, `status` an ApplinkStatus body. The
    status category and type are the product's (model/link_status.py), with the remedy of a fault."""
    generic = link.get("type") == "generic"
    found = status_of(status)
    return {"name": link.get("name"), "application": application_label(link.get("type"), version),
            "direction": direction_from_auth(auth), "status": NON_ATLASSIAN if generic else status_label(found),
            "status_category": (found or {}).get("category"), "status_type": (found or {}).get("type"),
            "remedy": found["remedy"] if is_problem(found) else None,
            "url": link.get("display_url"), "source": "applink", "ids": [link.get("id")]}


def build_rows(classic, incoming, outgoing, oauth2_label=GENERIC_LABEL):
    """All rows, sorted by name like the page. `classic`: dicts with `link` and optional `auth`, `status`,
    `version`; `incoming` / `outgoing`: OAuth 2.0 clients and configs in the modules' return names;
    `oauth2_label`: the application column of OAuth 2.0 rows."""
    rows = [classic_row(c["link"], c.get("auth"), c.get("status"), c.get("version")) for c in classic]
    rows.extend(oauth2_row(client, config, oauth2_label) for client, config in pair_oauth2(incoming, outgoing))
    return sorted(rows, key=lambda r: ((r["name"] or "").lower(), r["source"], r["ids"]))
