# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the two_way_link role and link_products.yml. The rules live in plugin_utils/_two_way.py and _two_way_verify.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils import _two_way as rules
from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils import _two_way_verify as verification
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.options import (
    options_from_host_vars, role_variable)

ITEMS = {"incoming": rules.incoming_items, "outgoing": rules.outgoing_items}


def applinks_connection(host_vars):
    """The connection options of a product host, for module_defaults (the table of connection options)."""
    return options_from_host_vars(host_vars)


def applinks_failure_hint(failed_result):
    """' (host variable applinks_<option>)' for a module failure about a connection option, else ''."""
    option = role_variable((failed_result or {}).get("option") or "")
    return " (host variable %s)" % option if option else ""


def applinks_peer_map(pairs, inventory_hosts, play_hosts):
    """{'errors': [...], 'peers': {host: [peer, ...]}} of a list of [host, host] pairs."""
    if not isinstance(pairs, (list, tuple)):
        return {"errors": ["applinks_pairs must be a list of [host, host] pairs, got %r" % (pairs,)], "peers": {}}
    errors = rules.pair_errors(pairs, list(inventory_hosts), list(play_hosts))
    peers = dict((host, rules.peers_of(host, pairs)) for host in play_hosts)
    return {"errors": errors, "peers": peers}


def applinks_mesh_pairs(hosts):
    return rules.mesh_pairs(hosts)


def two_way_link_input_errors(host, peers, hostvars, play_hosts, auth="oauth2", state="present"):
    return rules.input_errors(host, list(peers or []), hostvars, list(play_hosts), auth, state)


def two_way_link_views(hosts, hostvars, default_scope="READ", scope_by_type=None):
    return [rules.host_view(hostvars, host, default_scope, scope_by_type) for host in hosts]


def two_way_link_items(me, peers, kind, rotate=False, state="present", level=None, only=None):
    if only is not None:
        peers = [p for p in peers if p["name"] in only]
    if kind == "links":
        return rules.link_items(me, peers, level, state)
    if kind not in ITEMS:
        raise AnsibleFilterError("two_way_link_items: kind must be incoming, outgoing or links, got %r" % kind)
    return ITEMS[kind](me, peers, rotate, state)


def two_way_link_work(me, peers, rotate=False):
    return verification.work(me, peers, rotate)


def two_way_link_probe_items(me, peers):
    return rules.probe_items(me, peers)


def two_way_link_probe_outcome(loop_results, client):
    rejected, accepted = rules.probe_outcome(loop_results, client)
    return {"rejected": rejected, "accepted": accepted}


def two_way_link_skipped(peers, phase):
    return rules.skipped_peers(peers, phase)


def two_way_link_verify(me, peers, auth="oauth2", when="after", level=None):
    return verification.verify(me, peers, auth, when, level)


def two_way_link_results(me, peers, auth="oauth2", state="present", level=None, check=False):
    return verification.results(me, peers, auth, state, level, check)


class FilterModule(object):
    def filters(self):
        return {
            "applinks_connection": applinks_connection,
            "applinks_failure_hint": applinks_failure_hint,
            "applinks_peer_map": applinks_peer_map,
            "applinks_mesh_pairs": applinks_mesh_pairs,
            "two_way_link_input_errors": two_way_link_input_errors,
            "two_way_link_views": two_way_link_views,
            "two_way_link_items": two_way_link_items,
            "two_way_link_work": two_way_link_work,
            "two_way_link_skipped": two_way_link_skipped,
            "two_way_link_probe_items": two_way_link_probe_items,
            "two_way_link_probe_outcome": two_way_link_probe_outcome,
            "two_way_link_verify": two_way_link_verify,
            "two_way_link_results": two_way_link_results,
        }
