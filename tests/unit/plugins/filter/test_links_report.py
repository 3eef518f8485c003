"""plugins/filter/applinks_report.py, applinks_table.py: table, JSON report, Mermaid topology and Markdown of application links."""

import re

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.atlassian_dc.applinks.plugins.filter.applinks_report import FilterModule as ReportFilters
from ansible_collections.atlassian_dc.applinks.plugins.filter.applinks_report import applinks_report
from ansible_collections.atlassian_dc.applinks.plugins.filter.applinks_table import FilterModule as TableFilters
from ansible_collections.atlassian_dc.applinks.plugins.filter.applinks_table import applinks_table
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.link_table import build_rows

CONF = "https://confluence.example.com/confluence"
JIRA = "https://jira.example.com"
BITBUCKET = "https://bitbucket.example.com"
CALLBACK = "/plugins/servlet/oauth2/client/callback/abc"
AUTHORIZE = "/rest/oauth2/latest/authorize"


def manifest(name, type_, version, url):
    return {"id": "id-" + type_, "name": name, "type": type_, "version": version, "url": url}


def view(man, classic=(), incoming=(), outgoing=()):
    """A result shaped like application_link_info's, rows built by the module's own row builder."""
    return {"changed": False, "manifest": man, "links": [c["link"] for c in classic],
            "oauth2_incoming": list(incoming), "oauth2_outgoing": list(outgoing),
            "applications": build_rows(list(classic), list(incoming), list(outgoing))}


def client(name, redirect):
    return {"id": "c-" + name, "name": name, "redirect_uris": [redirect], "client_id": "x", "scope": "READ"}


def config(name, endpoint):
    return {"id": "o-" + name, "name": name, "authorization_endpoint": endpoint, "provider": "generic"}


def classic(name, type_, url, auth=None, status=None):
    return {"link": {"id": "l-" + name, "name": name, "type": type_, "remote_url": url, "display_url": url},
            "auth": auth, "status": status}


def two_way_oauth2():
    """Confluence and Jira linked both ways with OAuth 2.0, plus a generic link and a broken OAuth 1.0a link."""
    conf = view(manifest("Confluence", "confluence", "9.2.1", CONF),
                classic=[classic("Terraform", "generic", "https://terraform.example.com/app/x")],
                incoming=[client("Jira", JIRA + CALLBACK)], outgoing=[config("Jira", JIRA + AUTHORIZE)])
    jira = view(manifest("Jira", "jira", "10.3.2", JIRA),
                classic=[classic("Old Bitbucket", "bitbucket", "https://old-bb.example.com",
                                 auth={"incoming": "oauth", "outgoing": "oauth"},
                                 status={"working": False,
                                         "error": {"category": "NETWORK_ERROR", "type": "UNKNOWN_HOST"}})],
                incoming=[client("Confluence", CONF + CALLBACK)],
                outgoing=[config("Confluence", CONF + AUTHORIZE)])
    return {"confluence": conf, "jira": jira}


def edges(text):
    return [line.strip() for line in text.splitlines() if re.search(r"(-->|<-->|---)\|", line)]


def test_filters_are_registered():
    assert ReportFilters().filters() == {"applinks_report": applinks_report}
    assert TableFilters().filters() == {"applinks_table": applinks_table}


def test_table_aligns_columns_and_fills_empty_cells():
    lines = applinks_table(two_way_oauth2()["jira"])
    assert lines[0] == "Jira 10.3.2 at https://jira.example.com: 2 application links"
    assert lines[1] == ""
    assert lines[2].split() == ["Name", "Application", "Direction", "Status"]
    assert re.match(r"^Confluence\s+Generic application\s+Two-way\s+Non-Atlassian$", lines[3])
    assert re.match(r"^Old Bitbucket\s+Bitbucket\s+Two-way\s+NETWORK_ERROR/UNKNOWN_HOST$", lines[4])
    # every column starts at the same offset on every line of the table
    starts = [[m.start() for m in re.finditer(r"(?:^|   )(\S)", line)] for line in lines[2:5]]
    assert len({tuple(s) for s in starts}) == 1
    # then what to do about each link in error, from the status table (model/link_status.py)
    assert lines[5:7] == ["", "What to do:"]
    assert lines[7].startswith("- Old Bitbucket: NETWORK_ERROR/UNKNOWN_HOST - this product cannot resolve")
    assert len(lines) == 8


def test_table_without_direction_or_manifest_uses_fallbacks():
    result = view({}, classic=[classic("Terraform", "generic", "https://t.example.com")])
    lines = applinks_table(result, name="bamboo", url="https://bamboo.example.com")
    assert lines[0] == "bamboo at https://bamboo.example.com: 1 application link"
    assert lines[3].split() == ["Terraform", "Generic", "application", "-", "Non-Atlassian"]


@pytest.mark.parametrize("result,why", [
    (None, "not read"),
    ({"failed": True, "msg": "Failed to read application links: HTTP 401"}, "failed: Failed to read"),
    ({"skipped": True}, "skipped"),
    ({"changed": False}, "no 'applications' list"),
])
def test_table_of_an_unread_host_says_why(result, why):
    lines = applinks_table(result, name="jira")
    assert len(lines) == 1 and lines[0].startswith("jira: ") and why in lines[0]


def test_data_report_keeps_the_json_shape_and_reports_failed_hosts():
    results = dict(two_way_oauth2(), bitbucket={"failed": True, "msg": "HTTP 401"}, bamboo=None)
    data = applinks_report(results)
    assert sorted(data) == ["bamboo", "bitbucket", "confluence", "jira"]
    assert data["jira"]["name"] == "Jira" and data["jira"]["version"] == "10.3.2" and data["jira"]["url"] == JIRA
    assert data["jira"]["applications"][0] == {"name": "Confluence", "application": "Generic application",
                                               "direction": "Two-way", "status": "Non-Atlassian",
                                               "status_category": None, "status_type": None, "remedy": None,
                                               "url": "https://confluence.example.com"}
    broken = data["jira"]["applications"][1]
    assert (broken["status_category"], broken["status_type"]) == ("NETWORK_ERROR", "UNKNOWN_HOST")
    assert broken["remedy"].startswith("this product cannot resolve the remote's host name")
    assert "error" not in data["jira"]
    assert data["bitbucket"]["error"] == "failed: HTTP 401" and data["bitbucket"]["applications"] == []
    assert data["bamboo"]["error"].startswith("not read")


def test_mermaid_one_edge_per_two_way_product_link_and_externals():
    text = applinks_report(two_way_oauth2(), format="mermaid")
    assert text.startswith("graph LR\n")
    assert '  p_confluence("Confluence 9.2.1<br/>%s")' % CONF in text
    assert '  p_jira("Jira 10.3.2<br/>%s")' % JIRA in text
    lines = edges(text)
    # the two mirror rows (Confluence's about Jira, Jira's about Confluence) are one edge
    assert lines.count("p_confluence <-->|OAuth 2.0| p_jira") == 1
    assert "p_jira <-->|OAuth 2.0| p_confluence" not in lines
    assert "p_confluence ---|none| x_terraform_example_com_443" in lines
    assert "p_jira <-->|OAuth 1.0a| x_old_bb_example_com_443" in lines
    assert len(lines) == 3
    assert 'x_terraform_example_com_443["Terraform<br/>Generic application<br/>https://terraform.example.com/app/x"]' \
        in text


def test_mermaid_styles_only_the_broken_link_dashed_red():
    text = applinks_report(two_way_oauth2(), format="mermaid")
    lines = edges(text)
    broken = [i for i, line in enumerate(lines) if "old_bb" in line]
    styles = [line for line in text.splitlines() if line.strip().startswith("linkStyle")]
    assert styles == ["  linkStyle %d stroke:#d62728,stroke-width:2px,stroke-dasharray:6 4,color:#d62728"
                      % broken[0]]


def test_mermaid_arrows_follow_direction():
    # Bitbucket only calls Jira (outgoing); Jira only accepts Bitbucket (incoming): one edge Bitbucket --> Jira.
    bb = view(manifest("Bitbucket", "bitbucket", "9.4.0", BITBUCKET), outgoing=[config("Jira", JIRA + AUTHORIZE)])
    jira = view(manifest("Jira", "jira", "10.3.2", JIRA), incoming=[client("Bitbucket", BITBUCKET + CALLBACK)])
    lines = edges(applinks_report({"bitbucket": bb, "jira": jira}, format="mermaid"))
    assert lines == ["p_bitbucket -->|OAuth 2.0| p_jira"]
    # Only Jira's side: its incoming client points at Bitbucket, so the arrow still goes Bitbucket --> Jira.
    lines = edges(applinks_report({"bitbucket": view(bb["manifest"]), "jira": jira}, format="mermaid"))
    assert lines == ["p_bitbucket -->|OAuth 2.0| p_jira"]


def test_disagreeing_sides_stay_two_edges():
    # Confluence thinks the link is two-way, Jira only has the incoming half: both facts are drawn.
    conf = view(manifest("Confluence", "confluence", "9.2.1", CONF),
                incoming=[client("Jira", JIRA + CALLBACK)], outgoing=[config("Jira", JIRA + AUTHORIZE)])
    jira = view(manifest("Jira", "jira", "10.3.2", JIRA), incoming=[client("Confluence", CONF + CALLBACK)])
    lines = edges(applinks_report({"confluence": conf, "jira": jira}, format="mermaid"))
    assert lines == ["p_confluence <-->|OAuth 2.0| p_jira", "p_confluence -->|OAuth 2.0| p_jira"]


def test_products_on_one_origin_are_told_apart_by_context_path():
    jira = view(manifest("Jira", "jira", "10.3.2", "https://atlassian.example.com/jira"),
                classic=[classic("Confluence", "confluence", "https://atlassian.example.com/wiki",
                                 auth={"incoming": "oauth", "outgoing": "disabled"}, status={"working": True})])
    conf = view(manifest("Confluence", "confluence", "9.2.1", "https://atlassian.example.com/wiki"))
    lines = edges(applinks_report({"jira": jira, "wiki": conf}, format="mermaid"))
    assert lines == ["p_wiki -->|OAuth 1.0a| p_jira"]


def test_unread_host_is_a_marked_node_and_has_no_edges():
    results = {"jira": {"failed": True, "msg": "boom"}, "confluence": two_way_oauth2()["confluence"]}
    text = applinks_report(results, format="mermaid")
    assert '  p_jira("jira<br/>not read")' in text
    assert "  class p_jira unread" in text
    # Confluence's rows about Jira cannot be matched to the unread host (no manifest URL): external node
    assert not [e for e in edges(text) if e.endswith("p_jira") or e.startswith("p_jira")]


def test_markdown_has_topology_and_one_table_per_product():
    results = dict(two_way_oauth2(), bitbucket={"failed": True, "msg": "HTTP 401"})
    text = applinks_report(results, format="markdown", title="Demo links")
    assert text.startswith("# Demo links\n")
    assert text.count("```mermaid\ngraph LR\n") == 1
    assert "\n## Jira 10.3.2\n" in text and "\n## Confluence 9.2.1\n" in text
    assert "\n## bitbucket\n\nInventory host `bitbucket`: failed: HTTP 401.\n" in text
    assert "| Name | Application | Direction | Status |\n|---|---|---|---|\n" in text
    assert "| Old Bitbucket | Bitbucket | Two-way | NETWORK_ERROR/UNKNOWN_HOST |" in text
    assert "| Terraform | Generic application | - | Non-Atlassian |" in text


def test_markdown_product_without_links_has_no_empty_table():
    text = applinks_report({"jira": view(manifest("Jira", "jira", "10.3.2", JIRA))}, format="markdown")
    assert text.endswith("\n## Jira 10.3.2\n\nInventory host `jira`, https://jira.example.com: 0 application links.\n")
    assert "| Name |" not in text


def test_markdown_escapes_pipes_in_cells():
    result = view(manifest("Jira", "jira", "10.3.2", JIRA),
                  classic=[classic("a|b", "generic", "https://t.example.com")])
    assert "| a\\|b | Generic application |" in applinks_report({"jira": result}, format="markdown")


def test_bad_input_and_format_fail_with_the_reason():
    with pytest.raises(AnsibleFilterError, match="must be a dict"):
        applinks_report(["jira"])
    with pytest.raises(AnsibleFilterError, match="format must be one of"):
        applinks_report({}, format="html")


def test_markdown_drift_section_lists_each_host():
    from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._links_report import markdown
    text = markdown({}, title="Audit", drift={"jira": ["on Jira (jira): no outgoing link to Confluence"],
                                              "confluence": [], "bamboo": None})
    section = text.split("## Drift", 1)[1]
    assert "- `confluence`: matches its declared state" in section
    assert "- `jira`:\n  - on Jira (jira): no outgoing link to Confluence" in section
    assert "- `bamboo`: not audited" in section
    assert "## Drift" not in markdown({})


def test_markdown_and_drift_name_the_links_in_error_with_their_remedy():
    from ansible_collections.atlassian_dc.applinks.plugins.plugin_utils._declared import drift
    text = applinks_report(two_way_oauth2(), format="markdown")
    assert "What to do:" in text and "- Old Bitbucket: NETWORK_ERROR/UNKNOWN_HOST - this product cannot" in text
    unsupported = {"working": False, "error": {"category": "DEPRECATED", "type": "AUTH_LEVEL_UNSUPPORTED"}}
    jira = view(manifest("Confluence", "confluence", "9.2.1", CONF),
                classic=[classic("Jira", "jira", JIRA, {"incoming": "oauth_3lo_only", "outgoing": "oauth_3lo_only"},
                                 unsupported),
                         classic("Terraform", "generic", "https://t.example.com")])
    [line] = drift([], [], jira)
    assert line.startswith("application link Jira: the product reports its status as "
                           "DEPRECATED/AUTH_LEVEL_UNSUPPORTED; set the level to OAuth (3LO + 2LO) on both sides")
    assert drift([], [], None) == [] and drift([], [], {"skipped": True}) == []
