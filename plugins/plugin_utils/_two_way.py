# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rules of the two-way link role, as pure functions (unit tested; the role's filters call them).

Every product is an inventory host that manages only its own product, in phases with a barrier between them
(Ansible's linear strategy): 1. read, 2. incoming links for every peer (they issue the credentials),
3. outgoing links to every peer with the credentials the peers issued, 4. verify from the reads already made.

A host *view* is what the role knows of one product: ``{host, name, type, scope, read, provider, consumer}``,
where read/provider/consumer are the product_links results of phases 1, 2 and 3 (None when the phase did not
run or failed on that host). All URLs derive from the base URL each product reports (REST reference §11).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    authorize_endpoint, fingerprint, redirect_uri, token_endpoint)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.incoming_link import PLACEHOLDER

KIND_LABELS = {"incoming": "incoming link", "outgoing": "outgoing link", "links": "application link"}
PHASE_LABELS = {"read": "phase 1 (read)", "provider": "phase 2 (incoming links)",
                "consumer": "phase 3 (outgoing links)"}
SKIPPED = {"skipped": True, "state": None}  # a phase the plan found nothing to do for
MISSING = ": no "  # the problems that say an object does not exist ("on X: no incoming link for Y")
CREDENTIAL_VARS = (("applinks_token",), ("applinks_username", "applinks_password"))


# Pairs and peers


def pair_errors(pairs, inventory_hosts, play_hosts):
    """Problems with a list of [host, host] pairs, before anything runs."""
    errors = []
    for pair in pairs or []:
        if isinstance(pair, (str, bytes)) or not isinstance(pair, (list, tuple)) or len(pair) != 2:
            errors.append("not a pair of two hosts: %r" % (pair,))
            continue
        if pair[0] == pair[1]:
            errors.append("a host cannot be linked with itself: %s" % pair[0])
            continue
        for host in pair:
            if host not in inventory_hosts:
                errors.append("%s is not an inventory host" % host)
            elif host not in play_hosts:
                errors.append("%s is not a host of this play (applinks_hosts): each product runs its own phases"
                              % host)
    return errors


def peers_of(host, pairs):
    """The peers of `host` in a list of pairs, in first-seen order."""
    peers = []
    for pair in pairs or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and host in pair and pair[0] != pair[1]:
            other = pair[1] if pair[0] == host else pair[0]
            if other not in peers:
                peers.append(other)
    return peers


def mesh_pairs(hosts):
    hosts = list(hosts or [])
    return [[a, b] for i, a in enumerate(hosts) for b in hosts[i + 1:]]


def input_errors(host, peers, hostvars, play_hosts, auth, state):
    """Problems with the role input that argument_specs cannot see (peers are other hosts)."""
    errors = []
    mine = hostvars[host]
    if not any(all(mine.get(v) for v in group) for group in CREDENTIAL_VARS):
        errors.append("set applinks_token (a personal access token), or applinks_username and applinks_password, "
                      "for %s" % host)
    if not mine.get("applinks_url"):
        errors.append("applinks_url is not set for %s" % host)
    for peer in peers:
        if peer == host:
            errors.append("two_way_link_peers of %s lists the host itself" % host)
        elif peer not in hostvars:
            errors.append("two_way_link_peers of %s: %s is not an inventory host" % (host, peer))
        elif peer not in play_hosts:
            errors.append("two_way_link_peers of %s: %s is not a host of this play (every product runs its own "
                          "phases; add it to the play)" % (host, peer))
        elif host not in (hostvars[peer].get("_two_way_link_my_peers") or []):
            errors.append("%s lists %s as a peer, but %s does not list %s (two_way_link_peers must be "
                          "symmetric)" % (host, peer, peer, host))
    return errors


# Host views


def host_view(hostvars, host, default_scope, scope_by_type):
    """The view of one host from its variables and registered phase results."""
    hv = hostvars[host]
    ptype = hv.get("applinks_type") or ""

    def ok(name, may_skip=False):
        value = hv.get(name)
        if may_skip and isinstance(value, dict) and value.get("skipped") and "msg" not in value:
            return dict(SKIPPED)  # the plan found nothing to do in that phase (see work()); not a failure
        # A failed phase is registered with failed_when: false, so its `msg` tells it apart.
        if not isinstance(value, dict) or value.get("failed") or value.get("skipped") or "msg" in value \
                or "state" not in value:
            return None
        return value

    scope = hv.get("applinks_oauth2_scope") or (scope_by_type or {}).get(ptype) or default_scope
    return {"host": host, "name": hv.get("applinks_name") or host, "type": ptype, "scope": scope,
            "validate_certs": hv.get("applinks_validate_certs", True), "ca_path": hv.get("applinks_ca_path"),
            "read": ok("_two_way_link_read"), "provider": ok("_two_way_link_provider", True),
            "consumer": ok("_two_way_link_consumer", True)}


def _state(view, phase):
    return ((view.get(phase) or {}).get("state")) or {}


def _latest(view, kind, phases=("consumer", "provider", "read")):
    """The newest list of `kind` this run knows of the product: the states are threaded from phase to phase. A
    phase that failed (None) makes it unknown: what the failed call may have written was not read back."""
    for phase in phases:
        if view.get(phase) is None:
            return None
        if kind in _state(view, phase):
            return _state(view, phase)[kind]
    return None


def _base(view):
    for phase in ("consumer", "provider", "read"):
        if _state(view, phase).get("base_url"):
            return _state(view, phase)["base_url"]
    return None


def _find(objects, name):
    for obj in objects or []:
        if obj.get("name") == name:
            return obj
    return None


def expected_redirect(client_view, provider_view):
    """redirect(C, P): the redirect URI of C's outgoing link to P, which P's incoming link for C lists."""
    return redirect_uri(_base(client_view), authorize_endpoint(_base(provider_view)))


# Phase items


def oauth2_construction(me, peer):
    """How a two-way OAuth 2.0 link between two products is built: the one seam for another flavour.

    Today always "provider_client": an incoming link and an outgoing link on each side (REST reference §11),
    which works on every product line, including those with native OAuth 2.0 application links (§12.1), whose
    REST calls are not published. When they are, this chooses "native" from both manifests and the items below
    build that instead."""
    return "provider_client"


def incoming_items(me, peers, rotate=False, state="present"):
    """Phase 2 on `me`: one incoming link per peer that was read in phase 1."""
    items = []
    for peer in peers:
        if not peer.get("read") or oauth2_construction(me, peer) != "provider_client":
            continue
        if state == "absent":
            items.append({"name": peer["name"], "state": "absent"})
            continue
        held = _find(peer["read"]["state"].get("outgoing"), me["name"]) or {}
        items.append({"name": peer["name"], "redirect_uris": [expected_redirect(peer, me)], "scope": me["scope"],
                      "regenerate_secret": bool(rotate), "exclusive": True,
                      "held_by_peer": {"client_id": held.get("client_id"),
                                       "secret_fingerprint": held.get("secret_fingerprint")}})
    return items


def outgoing_items(me, peers, rotate=False, state="present"):
    """Phase 3 on `me`: one outgoing link per peer, with the credentials the peer issued in phase 2."""
    items = []
    for peer in peers:
        if state == "absent":
            if peer.get("read"):
                items.append({"name": peer["name"], "state": "absent"})
            continue
        credentials = ((peer.get("provider") or {}).get("credentials") or {}).get(me["name"])
        if not credentials or oauth2_construction(me, peer) != "provider_client":
            continue
        items.append({"name": peer["name"], "remote_url": _base(peer), "scopes": [peer["scope"]],
                      "client_id": credentials["client_id"], "client_secret": credentials["client_secret"],
                      "secret_origin": "product",  # a secret the peer generated: its short fingerprint
                      "update_secret": "always" if rotate else "when_changed", "exclusive": True})
    return items


def link_items(me, peers, level, state="present"):
    """OAuth 1.0a, phase 2 on `me`: a classic link to every peer, OAuth at `level` both ways."""
    items = []
    for peer in peers:
        if not peer.get("read"):
            continue
        if state == "absent":
            items.append({"name": peer["name"], "state": "absent"})
            continue
        manifest = peer["read"]["state"]["manifest"]
        items.append({"name": peer["name"], "type": manifest.get("type") or peer["type"],
                      "remote_url": _base(peer), "remote_id": manifest.get("id"),
                      "incoming_auth": level, "outgoing_auth": level})
    return items


def probe_items(me, peers):
    """The opt-in token-endpoint probes of `me` (the client side): per peer provider, the client id `me`'s
    outgoing link holds and the secret whose fingerprint that link records, so that the probe uses what `me`
    actually holds. A peer whose issued secret does not match the recorded fingerprint gets a `skip` reason
    instead: probing with another secret would prove nothing about this link."""
    items = []
    outgoing = ((me.get("consumer") or {}).get("state") or {}).get("outgoing") or []
    for peer in peers:
        held = _find(outgoing, peer["name"])
        issued = ((peer.get("provider") or {}).get("credentials") or {}).get(me["name"]) or {}
        item = {"provider": peer["name"], "client": me["name"]}
        if held is None or not issued:
            item["skip"] = "no outgoing link to %s, or no credentials from it, in this run" % peer["name"]
        elif held.get("client_id") != issued.get("client_id") or \
                held.get("secret_fingerprint") != fingerprint(issued.get("client_secret"), held.get("client_id")):
            item["skip"] = ("%s's outgoing link to %s records another secret than the one %s issued in this run"
                            % (me["name"], peer["name"], peer["name"]))
        else:
            item.update(token_endpoint=token_endpoint(_base(peer)), redirect_uri=expected_redirect(me, peer),
                        client_id=held["client_id"], client_secret=issued["client_secret"],
                        validate_certs=peer.get("validate_certs", True), ca_path=peer.get("ca_path"))
        items.append(item)
    return items


def probe_outcome(loop_results, client):
    """(rejected, accepted) messages from the registered loop of the probe task."""
    rejected, accepted = [], []
    for result in loop_results or []:
        item = result.get("item") or {}
        if item.get("skip"):
            accepted.append("%s not probed: %s" % (item.get("provider"), item["skip"]))
            continue
        if result.get("skipped"):
            continue
        error = (result.get("json") or {}).get("error")
        if result.get("status") == 400 and error == "invalid_grant":
            accepted.append("%s accepts the client id and secret %s holds" % (item.get("provider"), client))
        else:
            rejected.append("%s rejects the client credentials %s holds: HTTP %s %s (a bogus code with good client "
                            "credentials gives 400 invalid_grant)" % (item.get("provider"), client,
                                                                      result.get("status"), error or ""))
    return rejected, accepted


def skipped_peers(peers, phase):
    """Messages for the peers whose earlier phase failed: their links are left alone in this run."""
    label = PHASE_LABELS.get(phase, phase)
    return ["%s (%s) did not complete %s: its links are skipped in this run; fix it and run again"
            % (p["name"], p["host"], label) for p in peers if not p.get(phase)]


# Verification


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
    if inc is None:
        problems.append("%s: no incoming link for %s" % (on_p, client["name"]))
    else:
        want = [expected_redirect(client, provider)]
        if inc.get("redirect_uris") != want:
            problems.append("%s: the incoming link for %s has redirect URIs %s, expected %s"
                            % (on_p, client["name"], inc.get("redirect_uris"), want))
        if inc.get("scope") != provider["scope"]:
            problems.append("%s: the incoming link for %s grants %s, expected %s"
                            % (on_p, client["name"], inc.get("scope"), provider["scope"]))
    if out is None:
        problems.append("%s: no outgoing link to %s" % (on_c, provider["name"]))
        return problems
    base = _base(provider)
    if (out.get("authorization_endpoint"), out.get("token_endpoint")) != (authorize_endpoint(base),
                                                                          token_endpoint(base)):
        problems.append("%s: the outgoing link to %s uses the endpoints %s and %s, expected %s and %s"
                        % (on_c, provider["name"], out.get("authorization_endpoint"), out.get("token_endpoint"),
                           authorize_endpoint(base), token_endpoint(base)))
    if out.get("scopes") != [provider["scope"]]:
        problems.append("%s: the outgoing link to %s requests %s, expected %s"
                        % (on_c, provider["name"], out.get("scopes"), [provider["scope"]]))
    if inc is None or inc.get("client_id") == PLACEHOLDER:
        # Check mode, a client still to be created: no client id to compare yet (and the predicted config's id,
        # equal to the placeholder secret, comes back masked by no_log).
        return problems
    if out.get("client_id") != inc.get("client_id"):
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
