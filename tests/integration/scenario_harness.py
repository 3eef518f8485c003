"""One harness for module and role scenarios against dcsim: check mode, the real run, and a re-run.

For every scenario:
1. check mode (with --diff) sends no write (dcsim's request logs) and returns its plan: the objects it would
   create, update, replace or delete;
2. the real run makes exactly that plan: the same objects and actions, and its writes (method and path from the
   request logs) are the writes of those objects' kinds, each planned kind written at least once, nothing else;
3. a re-run changes nothing and sends no write.

A scenario says how to run it (`run(check)` -> a result) and how to read the plan from a result (`plan(result)` ->
sorted [(kind, name, action)] of the objects that change). The role helper reuses it for role scenarios.
"""

# The request paths (below the context path) each kind of object is written through.
KIND_PATHS = (
    ("incoming", "/rest/oauth2/latest/client"),
    ("outgoing", "/rest/oauth2-client/latest/config"),
    ("oauth1", "/rest/applinks-oauth/"),
    ("oauth1", "/rest/applinks/2.0/applicationlink/"),  # the provider config of a generic link's consumer
    ("links", "/rest/applinks/"),
)


def kind_of_write(path):
    for kind, prefix in KIND_PATHS:
        if path.startswith(prefix):
            return kind
    return None


class Scenario(object):
    """name; instances: {label: dcsim Running}; run(check) -> result; plan(result) -> [(kind, name, action)];
    setup(): the preconditions (called once, before the check run); kinds: how a written kind maps to the plan's
    kinds (e.g. a generic link created for an OAuth 1.0a consumer is an `oauth1` write)."""

    def __init__(self, name, instances, run, plan, setup=None, kinds=None):
        self.name = name
        self.instances = instances
        self.run = run
        self.plan = plan
        self.setup = setup
        self.kinds = kinds or {}

    def __repr__(self):
        return "Scenario(%s)" % self.name


def writes(instances):
    """{label: [(method, path below the context path)]} of the writes each instance served since the last clear."""
    out = {}
    for label, instance in instances.items():
        context = "/" + instance.base_url.split("/", 3)[3] if instance.base_url.count("/") > 2 else ""
        out[label] = [(e["method"], e["path"][len(context):] if context and e["path"].startswith(context)
                       else e["path"]) for e in instance.client().writes()]
    return out


def clear(instances):
    for instance in instances.values():
        instance.client().clear_log()


def run_scenario(scenario):
    """Runs the three steps; returns (check plan, real writes) for the scenario's own assertions."""
    if scenario.setup:
        scenario.setup()
    clear(scenario.instances)
    check = scenario.run(True)
    predicted = scenario.plan(check)
    assert writes(scenario.instances) == dict((label, []) for label in scenario.instances), \
        "%s: check mode wrote" % scenario.name
    assert predicted, "%s: the scenario changes nothing (a scenario must have something to do)" % scenario.name

    clear(scenario.instances)
    real = scenario.run(False)
    made = scenario.plan(real)
    assert made == predicted, "%s: the real run did %s, check mode predicted %s" % (scenario.name, made, predicted)
    written = writes(scenario.instances)
    written_kinds = set()
    for label, requests in written.items():
        for method, path in requests:
            kind = scenario.kinds.get(kind_of_write(path), kind_of_write(path))
            assert kind is not None, "%s: %s %s on %s is no write of a planned kind" % (
                scenario.name, method, path, label)
            written_kinds.add(kind)
    assert written_kinds == set(kind for kind, _name, _action in made), \
        "%s: the real run wrote %s for the plan %s" % (scenario.name, written, made)

    clear(scenario.instances)
    again = scenario.run(False)
    assert scenario.plan(again) == [], "%s: the re-run changed %s" % (scenario.name, scenario.plan(again))
    assert writes(scenario.instances) == dict((label, []) for label in scenario.instances), \
        "%s: the re-run wrote" % scenario.name
    return predicted, written


# Plans read from results


def single_object_plan(kind, name):
    """The plan of a single-object module's result: its one object when it changes."""
    def plan(result):
        assert not result.failed, result.msg
        return [(kind, name, result["action"])] if result.changed else []
    return plan


def product_links_plan(result):
    assert not result.failed, result.msg
    return sorted((r["kind"], r["name"], r["action"]) for r in result["results"] if r["changed"])


def two_way_plan(hosts, record_task):
    """The plan of link_products.yml: each host's two_way_link_results[].changes ('<action> <kind label> <name> on
    <product>'), as (kind label, '<name> on <product>', action)."""
    def plan(result):
        assert result.rc == 0, result.output[-3000:]
        found = []
        for host in hosts:
            for row in result.result(record_task, host=host)["ansible_facts"]["two_way_link_results"]:
                for change in row["changes"]:
                    action, rest = change.split(" ", 1)
                    kind = "incoming" if rest.startswith("incoming link ") else \
                        "outgoing" if rest.startswith("outgoing link ") else "links"
                    found.append((kind, rest.split(" link ", 1)[1], action))
        return sorted(found)
    return plan
