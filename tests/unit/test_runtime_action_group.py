"""meta/runtime.yml action_groups.all must list exactly the modules in plugins/modules/, sorted.

The group is what `module_defaults: {group/atlassian_dc.applinks.all: ...}` applies to, so a module
added without updating it would silently ignore the shared connection defaults.
"""

from pathlib import Path

import yaml

COLLECTION_ROOT = Path(__file__).resolve().parents[2]


def module_names():
    modules_dir = COLLECTION_ROOT / "plugins" / "modules"
    return sorted(path.stem for path in modules_dir.glob("*.py") if path.name != "__init__.py")


def action_group_all():
    runtime = yaml.safe_load((COLLECTION_ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    return (runtime.get("action_groups") or {}).get("all")


def test_collection_has_modules():
    assert module_names(), "no modules found in plugins/modules/"


def test_action_group_all_is_the_sorted_module_list():
    expected = module_names()
    group = action_group_all()
    assert group == expected, (
        "meta/runtime.yml action_groups.all is out of date:\n"
        f"  missing from the group: {sorted(set(expected) - set(group or []))}\n"
        f"  not a module: {sorted(set(group or []) - set(expected))}\n"
        f"  expected exactly (sorted): {expected}\n"
        f"  found: {group}"
    )
