"""The fidelity audit (docs/docsite/rst/dcsim_fidelity.rst) covers every route dcsim serves, and its counts are its
verdicts' (issue 14 item 1). In-process: the Flask URL map, no server."""

import re
from pathlib import Path

from dcsim.app import create_flask_app
from dcsim.config import SimConfig

AUDIT = Path(__file__).resolve().parents[2] / "docs" / "docsite" / "rst" / "dcsim_fidelity.rst"
KINDS = ("match", "corrected", "deviation", "inferred", "dcsim-only")
_ROW = re.compile(r"^   \* - ``(?P<route>[A-Z]+ /[^`]*)``\n     - (?P<behaviour>.+)\n     - (?P<decided>.+)\n"
                  r"     - (?P<verdict>.+)$", re.M)


def _norm(rule):
    """A Werkzeug rule as the audit writes it: <any("1.0", "3.0"):ver> -> {1.0|3.0}, <path:url> -> {url}."""
    rule = re.sub(r'<any\(([^)]*)\):\w+>',
                  lambda m: "{" + "|".join(x.strip().strip('"') for x in m.group(1).split(",")) + "}", rule)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def _served(tmp_path):
    app = create_flask_app(SimConfig.for_product("jira", tmp_path, base_url="https://127.0.0.1:1/jira"))
    return {f"{method} {_norm(rule.rule)}" for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def _rows():
    return [m.groupdict() for m in _ROW.finditer(AUDIT.read_text())]


def _kind(verdict):
    return verdict.split(":")[0].split(" (")[0].strip()


def test_every_served_route_is_in_the_audit_and_nothing_else(tmp_path):
    served, audited = _served(tmp_path), {row["route"] for row in _rows()}
    assert served - audited == set(), "routes dcsim serves that the audit does not cover"
    assert audited - served == set(), "audit rows for routes dcsim does not serve"


def test_every_row_names_its_decider_and_a_known_verdict_with_a_reason():
    rows = _rows()
    assert len(rows) > 100
    for row in rows:
        kind = _kind(row["verdict"])
        assert kind in KINDS, row
        assert row["decided"].strip(), row
        if kind not in ("match",):
            assert ":" in row["verdict"] and row["verdict"].split(":", 1)[1].strip(), row


def test_the_counts_on_the_page_are_the_verdicts():
    rows = _rows()
    kinds = [_kind(row["verdict"]) for row in rows]
    text = " ".join(AUDIT.read_text().split())
    match, corrected = kinds.count("match"), kinds.count("corrected")
    expected = (f"{len(rows)} behaviours checked. Before this audit {match} matched; after it {match + corrected} "
                f"match ({corrected} corrected). {kinds.count('deviation')} are deliberate deviations and "
                f"{kinds.count('dcsim-only')} are simulator controls, each with its reason; "
                f"{kinds.count('inferred')} rest on public documentation.")
    assert expected in text
