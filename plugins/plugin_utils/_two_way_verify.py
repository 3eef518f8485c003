# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Verification of the two-way link role, as pure functions (unit tested; the role's filters call them): what
has to be done in phases 2 and 3 (work), whether the links verify (verify) and the per-peer results, all from the
reads the phases made (no request). Host views, items: _two_way.py.

A link is compared with the items the phases declare (expected_incoming, expected_outgoing) through the model's
field tables and normalizers (object_changes), the comparison product_links' plan makes, plus the check that the
outgoing link records the provider's current secret (fingerprints).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.fields import norm_scopes
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    authorize_endpoint, token_endpoint)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import PLACEHOLDER
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.oauth1_levels import canonical_level
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.plan import RULES
from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._two_way import (
    KIND_LABELS, MISSING, base_url_of as _base, expected_incoming, expected_outgoing, expected_redirect,
    find_named as _find, latest as _latest, phase_state as _state, skipped_peers)


def _oauth2_lists(provider, client, when):
    """(provider's incoming list, client's outgoing list) before the writes of this run, or after them."""
    if when == "before":
        incoming = _state(provider, "read").get("incoming")
        if incoming is None:
            incoming = ((provider.get("provider") or {}).get("state_before") or {}).get("incoming")
        outgoing = _state(client, "read").get("outgoing")
    else:
        incoming = _latest(provider, "incoming", ("provider", "consumer", "read"))
        outgoing = _latest(client, "outgoing")
    return incoming, outgoing


def object_changes(kind, current, item):
    """The fields product_links would write to make `current` the declared `item` (the plan's comparison, with the
    model's normalizers; unset values are not compared); None when the object does not exist."""
    if current is None:
        return None
    rules = RULES[kind]
    return rules.fields.changes(rules.fields.as_current(current), rules.desired(item))


def check_direction(provider, client, when):
    """Problems of the direction "client calls provider", from reads already made (no request)."""
    incoming_list, outgoing_list = _oauth2_lists(provider, client, when)
    if incoming_list is None or outgoing_list is None:
        return []
    on_p = "on %s (%s)" % (provider["name"], provider["host"])
    on_c = "on %s (%s)" % (client["name"], client["host"])
    problems = []
    inc = _find(incoming_list, client["name"])
    out = _find(outgoing_list, provider["name"])
    want = expected_incoming(provider, client)
    differ = object_changes("incoming", inc, want)
    if inc is None:
        problems.append("%s: no incoming link for %s" % (on_p, client["name"]))
    if "redirect_uris" in (differ or ()):
        problems.append("%s: the incoming link for %s has redirect URIs %s, expected %s"
                        % (on_p, client["name"], inc.get("redirect_uris"), want["redirect_uris"]))
    if "scope" in (differ or ()):
        problems.append("%s: the incoming link for %s grants %s, expected %s"
                        % (on_p, client["name"], inc.get("scope"), provider["scope"]))
    if out is None:
        problems.append("%s: no outgoing link to %s" % (on_c, provider["name"]))
        return problems
    want = expected_outgoing(client, provider)
    differ = object_changes("outgoing", out, want)
    if set(differ) & {"authorization_endpoint", "token_endpoint"}:
        base = _base(provider)
        problems.append("%s: the outgoing link to %s uses the endpoints %s and %s, expected %s and %s"
                        % (on_c, provider["name"], out.get("authorization_endpoint"), out.get("token_endpoint"),
                           authorize_endpoint(base), token_endpoint(base)))
    if "scopes" in differ:
        problems.append("%s: the outgoing link to %s requests %s, expected %s"
                        % (on_c, provider["name"], out.get("scopes"), norm_scopes(want["scopes"])))
    if inc is None or inc.get("client_id") == PLACEHOLDER:
        # Check mode, a client still to be created: no client id to compare yet (and the predicted config's id,
        # equal to the placeholder secret, comes back masked by no_log).
        return problems
    if object_changes("outgoing", out, dict(want, client_id=inc.get("client_id"))) != differ:
        known = any(c.get("client_id") == out.get("client_id") for c in incoming_list)
        problems.append("%s: the outgoing link to %s holds client id %s, but %s's incoming link for %s is %s%s"
                        % (on_c, provider["name"], out.get("client_id"), provider["name"], client["name"],
                           inc.get("client_id"), "" if known else " (that client id does not exist there)"))
    elif inc.get("secret_fingerprint") and out.get("secret_fingerprint") != inc["secret_fingerprint"]:
        problems.append("%s: the outgoing link to %s holds another secret than %s's current one (recorded %s, "
                        "current %s): a secret reset in the UI, an interrupted rotation, or a secret set by hand"
                        % (on_c, provider["name"], provider["name"], out.get("secret_fingerprint") or "none",
                           inc["secret_fingerprint"]))
    return problems


def planned_objects(me, peers, when="before"):
    """What product_links would change on `me` for its two-way OAuth 2.0 objects, from reads already made (no
    request): [{kind, name, action (create, update, none; None when the list was not read), fields}], the incoming
    link for each peer and the outgoing link to each peer. For the role's work and verification, and its reports."""
    found = []
    for peer in peers:
        incoming_list, outgoing_list = _oauth2_lists(me, peer, when)[0], _oauth2_lists(peer, me, when)[1]
        for kind, objects, item in (("incoming", incoming_list, expected_incoming(me, peer)),
                                    ("outgoing", outgoing_list, expected_outgoing(me, peer))):
            fields = None if objects is None else object_changes(kind, _find(objects, item["name"]), item)
            action = None if objects is None else "create" if fields is None else "update" if fields else "none"
            found.append({"kind": kind, "name": item["name"], "action": action, "fields": fields or []})
    return found


def check_link(me, peer, level, when):
    """OAuth 1.0a: `me` has a link to `peer` with the peer's server id and `level` both ways."""
    converged = me.get("provider") or {}
    links = (converged.get("state_before") if when == "before" else converged.get("state") or {}).get("links") \
        if converged else None
    if links is None or not peer.get("read"):
        return []
    on_me = "on %s (%s)" % (me["name"], me["host"])
    link = _find(links, peer["name"])
    peer_id = peer["read"]["state"]["manifest"].get("id")
    if link is None:
        return ["%s: no application link to %s" % (on_me, peer["name"])]
    problems = []
    if link.get("id") != peer_id:
        problems.append("%s: the link to %s has id %s, but %s's server id is %s"
                        % (on_me, peer["name"], link.get("id"), peer["name"], peer_id))
    auth = link.get("auth") or {}
    level = canonical_level(level)  # an old level name is the level it means (oauth1_levels.ALIASES)
    if auth and (auth.get("incoming"), auth.get("outgoing")) != (level, level):
        problems.append("%s: the link to %s has OAuth 1.0a levels incoming %s, outgoing %s, expected %s"
                        % (on_me, peer["name"], auth.get("incoming"), auth.get("outgoing"), level))
    return problems


def _superseded(me, peers):
    """Whether `me` holds an incoming or outgoing link of a peer under another name (a renamed peer)."""
    names = set(p["name"] for p in peers)
    incoming = _state(me, "read").get("incoming") or []
    outgoing = _state(me, "read").get("outgoing") or []
    for peer in peers:
        if not peer.get("read"):
            continue
        redirect = [expected_redirect(peer, me)]
        authorize = authorize_endpoint(_base(peer))
        if any(c.get("redirect_uris") == redirect and c.get("name") not in names for c in incoming) or \
                any(c.get("authorization_endpoint") == authorize and c.get("name") not in names for c in outgoing):
            return True
    return False


def work(me, peers, rotate=False):
    """OAuth 2.0, from the phase 1 reads: the peers for which `me` has something to write in phase 2 (as
    provider) and in phase 3 (as client). A phase with no peer is skipped: a no-op run then sends only the three
    reads of phase 1. Phase 2 runs for a peer whose direction "peer calls me" shows any problem (the peer may need
    the current secret, handed over in phase 2); phase 3 for a peer whose direction "me calls peer" does."""
    ready = [p for p in peers if p.get("read")]
    if rotate or _superseded(me, ready):
        names = [p["name"] for p in ready]
        return {"provider": names, "consumer": names}
    return {"provider": [p["name"] for p in ready if check_direction(me, p, "before")],
            "consumer": [p["name"] for p in ready if check_direction(p, me, "before")]}


def verify(me, peers, auth, when, level=None):
    """Every problem of the links between `me` and its peers, `before` or `after` this run's writes."""
    problems = []
    for peer in peers:
        if auth == "oauth2":
            problems += check_direction(me, peer, when) + check_direction(peer, me, when)
        else:
            problems += check_link(me, peer, level, when)
    return problems


def results(me, peers, auth, state, level=None, check=False):
    """two_way_link_results: one entry per peer (no secret). With `check`, each entry also carries `problems`:
    what verification finds after this run's writes (phase 4), so the role templates the views only once."""
    rows = []
    for phase in ("provider", "consumer"):
        for row in (me.get(phase) or {}).get("results") or []:
            rows.append(row)
    out = []
    for peer in peers:
        # A removal the run added because this peer's item replaces it (a renamed peer) is this peer's change.
        changes = ["%s %s %s on %s%s" % (r["action"], KIND_LABELS[r["kind"]], r["name"], me["name"],
                                         " (replaced by %s)" % r["superseded_by"] if r.get("superseded_by") else "")
                   for r in rows if r["changed"] and peer["name"] in (r["name"], r.get("superseded_by"))]
        before = verify(me, [peer], auth, "before", level) if state == "present" else []
        if before and all(MISSING in problem for problem in before) and len(before) == (4 if auth == "oauth2" else 1):
            before = []  # nothing existed yet: a new link, not a broken one
        what = ("two-way %s link" % ("OAuth 2.0" if auth == "oauth2" else "OAuth 1.0a")) if state == "present" \
            else "link removed"
        summary = "%s <-> %s: %s (%s%s)" % (me["name"], peer["name"], what, "changed" if changes else "unchanged",
                                            "; %d problem(s) found before this run" % len(before) if before else "")
        skipped = skipped_peers([peer], "read") + (skipped_peers([peer], "provider") if auth == "oauth2" else [])
        if skipped:
            summary = "%s <-> %s: skipped, %s" % (me["name"], peer["name"], skipped[0])
        entry = {"peer": peer["host"], "auth": auth, "state": state, "changed": bool(changes), "summary": summary,
                 "changes": changes, "problems_found": before,
                 "skipped": skipped,
                 "local": {"host": me["host"], "name": me["name"], "url": _base(me)},
                 "remote": {"host": peer["host"], "name": peer["name"], "url": _base(peer)}}
        if check:
            entry["problems"] = [] if state == "absent" or skipped else verify(me, [peer], auth, "after", level)
        out.append(entry)
    return out
