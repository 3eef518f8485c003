"""The table of connection options (module_utils/transport/options.py) is the one source of the modules'
argument spec, the doc fragment atlassian_dc.applinks.connection and the roles' applinks_<option> variables."""

import textwrap

import yaml

from ansible_collections.atlassian_dc.applinks.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.options import (
    CONNECTION_OPTIONS, OPTION_NAMES, connection_argspec, documented_options, options_from_host_vars,
    role_variable)


def fragment_text(options):
    """The `options:` block of the doc fragment as it should read (the text to paste on a mismatch)."""
    lines = ["options:"]
    for name, doc in options.items():
        lines += ["  %s:" % name, "    description:"]
        for item in doc["description"]:
            item = '"%s"' % item if ": " in item else item
            lines += textwrap.wrap(item, width=110, initial_indent="      - ", subsequent_indent="        ")
        lines.append("    type: %s" % doc["type"])
        if doc.get("required"):
            lines.append("    required: true")
        if "default" in doc:
            default = doc["default"]
            lines.append("    default: %s" % (str(default).lower() if isinstance(default, bool) else default))
    return "\n".join(lines) + "\n"


def test_the_doc_fragment_documents_the_table():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    expected = documented_options()
    assert documented == expected, "plugins/doc_fragments/connection.py differs from the table; its options " \
                                   "should read:\n" + fragment_text(expected)
    assert fragment_text(expected) in ModuleDocFragment.DOCUMENTATION


def test_the_argspec_is_the_table():
    spec = connection_argspec()
    assert tuple(spec) == OPTION_NAMES
    for option in CONNECTION_OPTIONS:
        assert spec[option.name]["type"] == option.type
        assert spec[option.name].get("default") == option.default
        assert bool(spec[option.name].get("required")) == option.required
        assert ("fallback" in spec[option.name]) == bool(option.env)
    assert spec["password"]["no_log"] is True and spec["token"]["no_log"] is True
    assert connection_argspec(name=dict(type="str"))["name"] == {"type": "str"}


def test_every_option_has_its_role_variable():
    assert [role_variable(name) for name in OPTION_NAMES] == ["applinks_" + name for name in OPTION_NAMES]
    assert role_variable("redirect_uris") is None
    host_vars = dict(("applinks_" + name, "v-" + name) for name in OPTION_NAMES)
    host_vars.update(applinks_token="", applinks_name="Jira", other="x")
    assert sorted(options_from_host_vars(host_vars)) == sorted(n for n in OPTION_NAMES if n != "token")


def test_a_token_wins_over_username_and_password():
    host_vars = {"applinks_url": "https://j", "applinks_username": "u", "applinks_password": "p",
                 "applinks_token": "t", "applinks_use_proxy": False, "applinks_timeout": None}
    assert options_from_host_vars(host_vars) == {"url": "https://j", "token": "t", "use_proxy": False}


def test_the_roles_document_every_connection_variable():
    """Each role's argument spec lists the applinks_<option> variable of every connection option, same type."""
    from pathlib import Path
    roles = Path(__file__).resolve().parents[5] / "roles"
    for role in ("application_links", "two_way_link"):
        spec = yaml.safe_load((roles / role / "meta" / "argument_specs.yml").read_text())
        options = spec["argument_specs"]["main"]["options"]
        for option in CONNECTION_OPTIONS:
            assert options[option.role_variable]["type"] == option.type, (role, option.name)
            assert options[option.role_variable].get("default") == option.default, (role, option.name)
