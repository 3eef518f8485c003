# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._declared import (
    declared_errors, drift, items, rows)


def test_declared_errors_name_the_entry():
    assert declared_errors("nope") == ["application_links must be a list, got str"]
    errors = declared_errors([{"kind": "link", "name": "A"}, {"kind": "link", "name": "A "}, {"name": "x"},
                              {"kind": "bogus", "name": "B"}])
    assert errors == ["link 'A ' is declared more than once (entries 1 and 2)", "entry 3 needs a kind and a name",
                      "entry 4 (B): unknown kind 'bogus'"]
    # the same name under two kinds is fine (incoming and outgoing links of one peer)
    assert declared_errors([{"kind": "oauth2_incoming", "name": "A"}, {"kind": "oauth2_outgoing", "name": "A"}]) == []


def test_items_drop_the_kind():
    entries = [{"kind": "oauth2_incoming", "name": "CI", "scope": "WRITE"}, {"kind": "link", "name": "T"}]
    assert items(entries, "oauth2_incoming") == [{"name": "CI", "scope": "WRITE"}]
    assert items(None, "link") == []


def test_rows_use_the_role_kinds_and_carry_oauth1_loop_results():
    out = rows([{"kind": "incoming", "name": "CI", "action": "create", "changed": True, "state": "present"},
                {"kind": "links", "name": "Old", "action": "delete", "changed": True, "state": "purged"}],
               [{"item": {"name": "Jenkins", "direction": "incoming"}, "changed": False, "action": "none"},
                {"skipped": True, "item": {"name": "x", "direction": "outgoing"}}])
    assert [(r["kind"], r["summary"]) for r in out] == [
        ("oauth2_incoming", "create oauth2_incoming 'CI'"), ("link", "delete link 'Old' (purged)"),
        ("oauth1_incoming", "none oauth1_incoming 'Jenkins'")]


def test_drift_lists_changes_and_broken_links():
    declared = [{"summary": "update link 'A'", "changed": True}, {"summary": "none link 'B'", "changed": False}]
    two_way = [{"problems_found": ["on Jira (jira): the outgoing link to Confluence holds another secret"],
                "changes": ["update outgoing link Confluence on Jira"]}]
    assert drift(declared, two_way) == ["update link 'A'",
                                        "on Jira (jira): the outgoing link to Confluence holds another secret",
                                        "update outgoing link Confluence on Jira differs"]
