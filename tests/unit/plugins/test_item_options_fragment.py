"""The doc fragment item_options documents the options of one object of each kind once: the single-object
modules' options, and product_links' item lists computed from the same texts (references prefixed)."""

import re

import yaml

from ansible_collections.atlassian_dc.applinks.plugins.doc_fragments.item_options import ModuleDocFragment
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.model.item_options import (
    BATCH_EXTRAS, INCOMING, LINK, OUTGOING, extended)

KINDS = (("INCOMING", "incoming", INCOMING), ("OUTGOING", "outgoing", OUTGOING), ("LINK", "links", LINK))


def documented(name):
    return yaml.safe_load(getattr(ModuleDocFragment, name))["options"]


def test_the_modules_options_document_the_argspec():
    for name, _kind, spec in KINDS:
        options = documented(name)
        assert sorted(options) == sorted(spec), name
        for option, values in spec.items():
            assert options[option]["type"] == values["type"], (name, option)
            assert options[option].get("default") == values.get("default"), (name, option)
            assert options[option].get("choices") == values.get("choices"), (name, option)


def prefixed(value, kind, names):
    """A module option's documentation as an item's: its references O(name) become O(<kind>[].name)."""
    if isinstance(value, dict):
        return dict((k, prefixed(v, kind, names)) for k, v in value.items())
    if isinstance(value, list):
        return [prefixed(v, kind, names) for v in value]
    if isinstance(value, str):
        return re.sub(r"O\((%s)\b" % "|".join(names), r"O(%s[].\1" % kind, value)
    return value


def test_the_item_lists_are_the_same_options_one_level_down():
    for name, kind, spec in KINDS:
        [(option, doc)] = documented(name + "_ITEMS").items()
        assert option == kind and doc["type"] == "list" and doc["elements"] == "dict"
        items = doc["suboptions"]
        assert sorted(items) == sorted(extended(spec, **BATCH_EXTRAS[kind])), name
        for option, values in documented(name).items():
            assert items[option] == prefixed(values, kind, sorted(items)), (name, option)
    remote = documented("OUTGOING_ITEMS")["outgoing"]["suboptions"]["remote_url"]["description"]
    assert "O(outgoing[].authorization_endpoint)" in remote[0]
