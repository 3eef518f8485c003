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

What a link must look like is declared once, as the items product_links takes (expected_incoming,
expected_outgoing); the verification (_two_way_verify.py) compares them with the state the way the module's plan
does. A scope written in another order ("WRITE READ") is the same scope.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.formulas import (
    authorize_endpoint, fingerprint, redirect_uri, token_endpoint)

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


def phase_state(view, phase):
    return ((view.get(phase) or {}).get("state")) or {}


def latest(view, kind, phases=("consumer", "provider", "read")):
    """The newest list of `kind` this run knows of the product: the states are threaded from phase to phase. A
    phase that failed (None) makes it unknown: what the failed call may have written was not read back."""
    for phase in phases:
        if view.get(phase) is None:
            return None
        if kind in phase_state(view, phase):
            return phase_state(view, phase)[kind]
    return None


def base_url_of(view):
    for phase in ("consumer", "provider", "read"):
        if phase_state(view, phase).get("base_url"):
            return phase_state(view, phase)["base_url"]
    return None


def find_named(objects, name):
    for obj in objects or []:
        if obj.get("name") == name:
            return obj
    return None


def expected_redirect(client_view, provider_view):
    """redirect(C, P): the redirect URI of C's outgoing link to P, which P's incoming link for C lists."""
    return redirect_uri(base_url_of(client_view), authorize_endpoint(base_url_of(provider_view)))


# Phase items


def oauth2_construction(me, peer):
    """How a two-way OAuth 2.0 link between two products is built: the one seam for another flavour.

    Today always "provider_client": an incoming link and an outgoing link on each side (REST reference §11),
    which works on every product line, including those with native OAuth 2.0 application links (§12.1), whose
    REST calls are not published. When they are, this chooses "native" from both manifests and the items below
    build that instead."""
    return "provider_client"


def scope_names(scope):
    """The scope names of a scope string ("WRITE READ" -> ["WRITE", "READ"]): an outgoing link requests a list."""
    return (scope or "").split()


def expected_incoming(provider, client):
    """The incoming link `provider` holds for `client`: the item phase 2 declares (product_links' options)."""
    return {"name": client["name"], "redirect_uris": [expected_redirect(client, provider)],
            "scope": provider["scope"]}


def expected_outgoing(client, provider, client_id=None):
    """The outgoing link `client` holds to `provider` (client_id None: not compared): the item of phase 3."""
    return {"name": provider["name"], "remote_url": base_url_of(provider), "scopes": scope_names(provider["scope"]),
            "client_id": client_id}


def incoming_items(me, peers, rotate=False, state="present"):
    """Phase 2 on `me`: one incoming link per peer that was read in phase 1."""
    items = []
    for peer in peers:
        if not peer.get("read") or oauth2_construction(me, peer) != "provider_client":
            continue
        if state == "absent":
            items.append({"name": peer["name"], "state": "absent"})
            continue
        held = find_named(peer["read"]["state"].get("outgoing"), me["name"]) or {}
        items.append(dict(expected_incoming(me, peer), regenerate_secret=bool(rotate), exclusive=True,
                          held_by_peer={"client_id": held.get("client_id"),
                                        "secret_fingerprint": held.get("secret_fingerprint")}))
    return items


def outgoing_items(me, peers, rotate=False, state="present"):
    """Phase 3 on `me`: one outgoing link per peer, with the credentials the peer issued in phase 2 (a secret a
    product generated: its short fingerprint is recorded, secret_origin product)."""
    items = []
    for peer in peers:
        if state == "absent":
            if peer.get("read"):
                items.append({"name": peer["name"], "state": "absent"})
            continue
        credentials = ((peer.get("provider") or {}).get("credentials") or {}).get(me["name"])
        if not credentials or oauth2_construction(me, peer) != "provider_client":
            continue
        items.append(dict(expected_outgoing(me, peer, credentials["client_id"]),
                          client_secret=credentials["client_secret"], secret_origin="product",
                          update_secret="always" if rotate else "when_changed", exclusive=True))
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
                      "remote_url": base_url_of(peer), "remote_id": manifest.get("id"),
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
        held = find_named(outgoing, peer["name"])
        issued = ((peer.get("provider") or {}).get("credentials") or {}).get(me["name"]) or {}
        item = {"provider": peer["name"], "client": me["name"]}
        if held is None or not issued:
            item["skip"] = "no outgoing link to %s, or no credentials from it, in this run" % peer["name"]
        elif held.get("client_id") != issued.get("client_id") or \
                held.get("secret_fingerprint") != fingerprint(issued.get("client_secret"), held.get("client_id")):
            item["skip"] = ("%s's outgoing link to %s records another secret than the one %s issued in this run"
                            % (me["name"], peer["name"], peer["name"]))
        else:
            item.update(token_endpoint=token_endpoint(base_url_of(peer)), redirect_uri=expected_redirect(me, peer),
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
