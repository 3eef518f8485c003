# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reports of the application links of an inventory (pure functions behind the applinks_report filters).

Input: ``{host: result}`` where a result is what atlassian_dc.applinks.application_link_info registered on that
host (``manifest``, ``applications``, ``links``, ``oauth2_incoming``, ``oauth2_outgoing``), or None / a failed
result for a host that could not be read. Products are linked to each other when a row's remote URL has the
origin (scheme://host:port) of another product's manifest URL; any other remote is an external application.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.six import string_types
from ansible.module_utils.six.moves.urllib.parse import urlparse

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.link_table import (
    INCOMING, NON_ATLASSIAN, OUTGOING, TWO_WAY, origin)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.link_status import WORKING

COLUMNS = ("name", "application", "direction", "status")
HEADERS = ("Name", "Application", "Direction", "Status")
REPORT_KEYS = ("name", "application", "direction", "status", "status_category", "status_type", "remedy", "url")
OAUTH2, OAUTH1, NO_AUTH = "OAuth 2.0", "OAuth 1.0a", "none"
MIRROR = {TWO_WAY: TWO_WAY, INCOMING: OUTGOING, OUTGOING: INCOMING, None: None}
BROKEN_STYLE = "stroke:#d62728,stroke-width:2px,stroke-dasharray:6 4,color:#d62728"


class ReportError(ValueError):
    """The input is not a {host: result} mapping (the filter turns it into AnsibleFilterError)."""


# ---------------------------------------------------------------------------------------------- input


def host_state(result):
    """(view, error): a usable application_link_info result, or None and why this host has none."""
    if result is None or result == "":
        return None, "not read (no application_link_info result for this host)"
    if not isinstance(result, dict):
        return None, "not read (the result is a %s, not a dict)" % type(result).__name__
    if result.get("failed") or result.get("unreachable"):
        return None, "failed: %s" % (result.get("msg") or "no message")
    if result.get("skipped"):
        return None, "skipped"
    if not isinstance(result.get("applications"), list):
        return None, "not read (the result has no 'applications' list)"
    return result, None


def _views(results):
    if not isinstance(results, dict):
        raise ReportError("the input must be a dict of {inventory host: application_link_info result}, got %s"
                          % type(results).__name__)
    return [(str(host),) + host_state(results[host]) for host in sorted(results, key=str)]


def _text(value, default="-"):
    return default if value is None or value == "" else str(value)


def remedies(view):
    """'<name>: <status> - <remedy>' for each row whose status is a fault (link_table puts the remedy in)."""
    return ["%s: %s - %s" % (row.get("name"), row.get("status"), row["remedy"])
            for row in (view or {}).get("applications") or [] if row.get("remedy")]


def status_problems(view):
    """audit_links.yml's drift lines of one product: each link whose status the product reports as a fault."""
    found, _error = host_state(view)
    lines = []
    for row in (found or {}).get("applications") or []:
        if row.get("remedy"):
            lines.append("application link %s: the product reports its status as %s; %s"
                         % (row.get("name"), row.get("status"), row["remedy"]))
    return lines


# ---------------------------------------------------------------------------------------------- text table


def table_lines(result, name=None, url=None):
    """The "View application links" page as lines: a title, an empty line, then aligned columns."""
    view, error = host_state(result)
    if view is None:
        return ["%s: %s" % (_text(name, "this host"), error)]
    manifest = view.get("manifest") or {}
    rows = view["applications"]
    title = "%s%s at %s: %d application link%s" % (
        manifest.get("name") or _text(name, "this host"),
        " %s" % manifest["version"] if manifest.get("version") else "",
        manifest.get("url") or _text(url), len(rows), "" if len(rows) == 1 else "s")
    cells = [list(HEADERS)] + [[_text(row.get(key)) for key in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["   ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in cells]
    todo = remedies(view)
    return [title, ""] + lines + (["", "What to do:"] + ["- " + line for line in todo] if todo else [])


# ---------------------------------------------------------------------------------------------- JSON report


def report(results):
    """{host: {name, type, version, url, applications: [{name, application, direction, status, url}]}};
    a host without a usable result has ``error`` and no applications."""
    out = {}
    for host, view, error in _views(results):
        if view is None:
            out[host] = {"name": host, "type": None, "version": None, "url": None, "applications": [],
                         "error": error}
            continue
        manifest = view.get("manifest") or {}
        out[host] = {"name": manifest.get("name") or host, "type": manifest.get("type"),
                     "version": manifest.get("version"), "url": manifest.get("url"),
                     "applications": [dict((k, row.get(k)) for k in REPORT_KEYS) for row in view["applications"]]}
    return out


# ---------------------------------------------------------------------------------------------- topology


def auth_type(row):
    """OAuth 2.0 for OAuth 2.0 rows, OAuth 1.0a for a classic link with OAuth on, else none."""
    if row.get("source") == "oauth2":
        return OAUTH2
    return OAUTH1 if row.get("direction") else NO_AUTH


def is_broken(row):
    """A row whose status is an error (working, Non-Atlassian and not-read are not broken)."""
    return row.get("status") not in (None, WORKING, NON_ATLASSIAN)


def row_urls(row, view):
    """The full remote URLs of a row (the redirect URI / authorization endpoint of OAuth 2.0 entities, the
    display URL of a classic link), so that two products on one origin are told apart by context path."""
    ids = set(row.get("ids") or [])
    urls = []
    if row.get("source") == "oauth2":
        for client in view.get("oauth2_incoming") or []:
            if client.get("id") in ids and client.get("redirect_uris"):
                urls.append(client["redirect_uris"][0])
        for config in view.get("oauth2_outgoing") or []:
            if config.get("id") in ids and config.get("authorization_endpoint"):
                urls.append(config["authorization_endpoint"])
    else:
        for link in view.get("links") or []:
            if link.get("id") in ids and link.get("display_url"):
                urls.append(link["display_url"])
    if row.get("url"):
        urls.append(row["url"])
    return [u for u in urls if isinstance(u, string_types)]


def _path(url):
    return (urlparse(url).path or "").rstrip("/")


def match_product(urls, products, self_host):
    """The product host a row points at: same origin as its manifest URL, longest matching context path."""
    best, best_len = None, -1
    for url in urls:
        key = origin(url)
        for host, base in products.items():
            if host == self_host or key is None or origin(base) != key:
                continue
            base_path = _path(base)
            path = _path(url)
            if base_path and not (path == base_path or path.startswith(base_path + "/")):
                continue
            if len(base_path) > best_len:
                best, best_len = host, len(base_path)
        if best is not None:
            return best
    return best


def _node_id(prefix, text, used):
    base = prefix + (re.sub(r"[^A-Za-z0-9_]", "_", text) or "n")
    node, index = base, 2
    while node in used:
        node, index = "%s_%d" % (base, index), index + 1
    used.add(node)
    return node


def _label(*parts):
    text = "<br/>".join(p for p in parts if p)
    return '"%s"' % text.replace('"', "#quot;")


def topology(results):
    """Nodes and edges of the inventory: {'products': [...], 'externals': [...], 'edges': [...]}.

    One edge per link: a product's row about another product and that product's mirror row (same auth
    type, opposite direction) are one edge; rows that disagree stay separate edges, so a half-made link
    shows. Edge ``direction`` is from the edge's ``source`` node: Outgoing (source is the client),
    Incoming, Two-way, or None (no OAuth)."""
    views = _views(results)
    products = {}
    nodes = []
    used = set()
    for host, view, error in views:
        manifest = (view or {}).get("manifest") or {}
        products[host] = manifest.get("url") or ""
        nodes.append({"id": _node_id("p_", host, used), "host": host, "name": manifest.get("name") or host,
                      "label": " ".join(p for p in (manifest.get("name") or host, manifest.get("version")) if p),
                      "url": manifest.get("url"), "error": error})
    node_of = dict((n["host"], n) for n in nodes)
    externals = {}
    edges = []
    for host, view, _error in views:
        if view is None:
            continue
        for row in view["applications"]:
            urls = row_urls(row, view)
            peer = match_product(urls, products, host)
            kind = auth_type(row)
            if peer is not None:
                target = node_of[peer]["id"]
            else:
                key = origin(urls[0]) if urls else "name:" + _text(row.get("name"))
                if key not in externals:
                    externals[key] = {"id": _node_id("x_", key.split("://")[-1], used), "name": row.get("name"),
                                      "label": row.get("name"), "application": row.get("application"),
                                      "url": row.get("url")}
                target = externals[key]["id"]
            edge = {"source": node_of[host]["id"], "target": target, "direction": row.get("direction"),
                    "auth": kind, "broken": is_broken(row), "name": row.get("name")}
            mirror = [e for e in edges if e["source"] == target and e["target"] == edge["source"]
                      and e["auth"] == kind and e["direction"] == MIRROR[edge["direction"]]
                      and not e.get("merged")]
            if peer is not None and mirror:
                mirror[0]["merged"] = True
                mirror[0]["broken"] = mirror[0]["broken"] or edge["broken"]
                continue
            edges.append(edge)
    for edge in edges:
        edge.pop("merged", None)
    return {"products": nodes, "externals": sorted(externals.values(), key=lambda n: n["id"]), "edges": edges}


def mermaid(results):
    """A Mermaid ``graph LR`` of the topology: products as rounded nodes, external applications as plain
    nodes, edges labelled with the auth type, broken links dashed red, unread products marked."""
    topo = topology(results)
    lines = ["graph LR"]
    for node in topo["products"]:
        unread = "not read" if node["error"] else None
        lines.append("  %s(%s)" % (node["id"], _label(node["label"], node["url"], unread)))
    for node in topo["externals"]:
        lines.append("  %s[%s]" % (node["id"], _label(node["label"], node["application"], node["url"])))
    broken = []
    for index, edge in enumerate(topo["edges"]):
        source, target = edge["source"], edge["target"]
        if edge["direction"] == INCOMING:  # the remote calls this product
            source, target = target, source
        arrow = {TWO_WAY: "<-->", None: "---"}.get(edge["direction"], "-->")
        lines.append("  %s %s|%s| %s" % (source, arrow, edge["auth"], target))
        if edge["broken"]:
            broken.append(str(index))
    lines.append("  classDef product fill:#deebf7,stroke:#3182bd")
    lines.append("  classDef external fill:#f0f0f0,stroke:#636363")
    lines.append("  classDef unread fill:#fde0dd,stroke:#d62728,stroke-dasharray:6 4")
    for css, ids in (("product", [n["id"] for n in topo["products"] if not n["error"]]),
                     ("unread", [n["id"] for n in topo["products"] if n["error"]]),
                     ("external", [n["id"] for n in topo["externals"]])):
        if ids:
            lines.append("  class %s %s" % (",".join(ids), css))
    if broken:
        lines.append("  linkStyle %s %s" % (",".join(broken), BROKEN_STYLE))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- Markdown


def _cell(value):
    return _text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown(results, title="Application links", drift=None):
    """The whole inventory as Markdown: one Mermaid topology, then per product its "Application links" table;
    with `drift` ({host: [lines] or None}, from audit_links.yml), a last section of what differs per host."""
    views = _views(results)
    out = ["# %s" % title, "", "## Topology", "",
           "Arrows point from the client to the provider (the side that is called); labels name the "
           "authentication. Dashed red links report an error status.", "",
           "```mermaid", mermaid(results), "```"]
    for host, view, error in views:
        manifest = (view or {}).get("manifest") or {}
        heading = " ".join(p for p in (manifest.get("name") or host, manifest.get("version")) if p)
        out += ["", "## %s" % heading, ""]
        if view is None:
            out.append("Inventory host `%s`: %s." % (host, error))
            continue
        out.append("Inventory host `%s`, %s: %d application link%s." % (
            host, manifest.get("url") or "URL unknown", len(view["applications"]),
            "" if len(view["applications"]) == 1 else "s"))
        if not view["applications"]:
            continue
        out += ["", "| %s |" % " | ".join(HEADERS), "|%s|" % "|".join(["---"] * len(HEADERS))]
        for row in view["applications"]:
            out.append("| %s |" % " | ".join(_cell(row.get(key)) for key in COLUMNS))
        todo = remedies(view)
        if todo:
            out += ["", "What to do:", ""] + ["- %s" % _cell(line) for line in todo]
    if drift is not None:
        out += ["", "## Drift", ""]
        for host in sorted(drift):
            lines = drift[host]
            if lines is None:
                out.append("- `%s`: not audited (it failed earlier in the run)" % host)
            elif not lines:
                out.append("- `%s`: matches its declared state" % host)
            else:
                out.append("- `%s`:" % host)
                out.extend("  - %s" % _cell(line) for line in lines)
    return "\n".join(out) + "\n"
