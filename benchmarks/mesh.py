"""Benchmark: a full mesh of two-way links (playbooks/link_products.yml) against a floor of plain GETs.

    .venv/bin/python benchmarks/mesh.py [--products N] [--forks F] [--repeat R] [--tasks]

Starts N dcsim products (confluence, jira, bitbucket, bamboo in turn; one process each on 127.0.0.1, one
shared CA), writes an inventory as a user would, then measures, with ANSIBLE_PIPELINING=1 and -f F (F >= N,
so that every product runs each phase at the same time):
  - floor: a playbook of two ansible.builtin.uri GETs per product (its incoming clients and outgoing configs),
    the least any play that looks at both lists can cost;
  - mesh cold: link_products.yml -e applinks_mesh=true on empty products (N*(N-1)/2 two-way links);
  - mesh no-op: the same run again, nothing to do;
  - and the same three for a single two-way link between two fresh products.
Requests come from each instance's dcsim request log (cleared before each run), changed counts from a callback.
It prints a table and PASS/MISS per target; a miss is reported, not an error (exit 0). A playbook that fails
is an error (exit 1). Every instance it started is stopped on the way out, also after a failure or Ctrl-C.
Wall times include the ansible-playbook start and are noisy on a shared machine.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dcsim import testing  # noqa: E402

LINK_PRODUCTS = REPO / "playbooks" / "link_products.yml"
PRODUCTS = ("confluence", "jira", "bitbucket", "bamboo")
INCOMING = "/rest/oauth2/latest/client"
OUTGOING = "/rest/oauth2-client/latest/config"

FLOOR_PLAYBOOK = """
- name: Floor - read both OAuth 2.0 lists of every product, nothing else
  hosts: atlassian_products
  connection: local
  gather_facts: false
  module_defaults:
    ansible.builtin.uri:
      url_username: "{{ applinks_username }}"
      url_password: "{{ applinks_password }}"
      force_basic_auth: true
      ca_path: "{{ applinks_ca_path }}"
      headers:
        Accept: application/json
  tasks:
    - name: Incoming clients
      ansible.builtin.uri:
        url: "{{ applinks_url }}%s"
    - name: Outgoing configs
      ansible.builtin.uri:
        url: "{{ applinks_url }}%s"
""" % (INCOMING, OUTGOING)

# Written next to the inventory at run time: the changed count per host and the wall time of each task
# (from its start to the next task's start, i.e. until the slowest host is done: the linear strategy's barrier).
TIMER_CALLBACK = '''
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = """
name: bench_timer
type: aggregate
short_description: stats and task wall times as JSON (benchmarks/mesh.py only)
description: [writes the file named by BENCH_TIMER_FILE]
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.started = time.time()
        self.tasks = []

    def _close(self):
        if self.tasks and self.tasks[-1]["end"] is None:
            self.tasks[-1]["end"] = time.time()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self.tasks.append({"name": task.get_name(), "start": time.time(), "end": None, "hosts": {}})

    def v2_runner_on_start(self, host, task):
        if self.tasks:
            self.tasks[-1]["hosts"][host.get_name()] = [time.time(), None]

    def _host_done(self, result):
        times = self.tasks[-1]["hosts"].get(result._host.get_name()) if self.tasks else None
        if times:
            times[1] = time.time()

    def v2_runner_on_ok(self, result):
        self._host_done(result)

    def v2_runner_on_skipped(self, result):
        self._host_done(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._host_done(result)

    def v2_playbook_on_stats(self, stats):
        self._close()
        summary = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        with open(os.environ["BENCH_TIMER_FILE"], "w") as handle:
            json.dump({"started": self.started, "first_task": self.tasks[0]["start"] if self.tasks else None,
                       "ended": time.time(), "tasks": self.tasks, "stats": summary}, handle)
'''


class RunFailed(Exception):
    pass


class Bench:
    def __init__(self, tmp, forks):
        self.tmp = tmp
        self.forks = forks
        collections = tmp / "collections" / "ansible_collections" / "atlassian_dc"
        collections.mkdir(parents=True)
        (collections / "applinks").symlink_to(REPO)
        (tmp / "callbacks").mkdir()
        (tmp / "callbacks" / "bench_timer.py").write_text(TIMER_CALLBACK)
        self.floor = tmp / "floor.yml"
        self.floor.write_text(FLOOR_PLAYBOOK)
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp / "collections"), ANSIBLE_PIPELINING="1",
                        ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="False",
                        ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="False",
                        ANSIBLE_CALLBACK_PLUGINS=str(tmp / "callbacks"), ANSIBLE_CALLBACKS_ENABLED="bench_timer")
        for key in ("ATLASSIAN_URL", "ATLASSIAN_USERNAME", "ATLASSIAN_PASSWORD", "ATLASSIAN_TOKEN"):
            self.env.pop(key, None)
        self.runs = 0

    def play(self, label, playbook, inventory, instances, extra=None):
        """One ansible-playbook run: wall time, requests per instance, changed total, task times."""
        self.runs += 1
        timer = self.tmp / ("timer-%d.json" % self.runs)
        for instance in instances.values():
            instance.client().clear_log()
        cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", inventory, str(playbook),
               "-f", str(self.forks)]
        if extra:
            cmd += ["-e", json.dumps(extra)]
        started, started_at = time.monotonic(), time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(self.env, BENCH_TIMER_FILE=str(timer)),
                              check=False)
        wall = time.monotonic() - started
        if proc.returncode != 0:
            raise RunFailed("%s: ansible-playbook exited with %d:\n%s%s" % (
                label, proc.returncode, proc.stdout[-4000:], proc.stderr[-2000:]))
        data = json.loads(timer.read_text())
        requests = {}
        for host, instance in instances.items():
            log = instance.client().log()
            requests[host] = {"gets": sum(1 for e in log if e["method"] == "GET"),
                              "writes": sum(1 for e in log if e["method"] not in ("GET", "HEAD", "OPTIONS")),
                              "log": log}
        changed = sum(s.get("changed", 0) for s in data["stats"].values())
        return {"label": label, "wall": wall, "requests": requests, "changed": changed, "timer": data,
                "startup": data["first_task"] - started_at if data["first_task"] else None}


def write_inventory(path, instances):
    """instances: {host: (product, Running)}; applinks_name unique per host."""
    hosts = {}
    for host, (product, instance) in instances.items():
        hosts[host] = {"applinks_url": instance.base_url, "applinks_type": product,
                       "applinks_name": "%s %s" % (product.capitalize(), host[len(product):]),
                       "applinks_ca_path": instance.ca_file}
    inventory = {"all": {"children": {"atlassian_products": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                 "applinks_username": "admin", "applinks_password": "admin"},
        "hosts": hosts}}}}
    path.write_text(json.dumps(inventory, indent=1))  # JSON is YAML
    return str(path)


def start_products(pool, count, prefix):
    started = {}
    for i in range(count):
        product = PRODUCTS[i % len(PRODUCTS)]
        host = "%s%d" % (product, i // len(PRODUCTS) + 1)
        started[host] = (product, pool.start(product, name="%s-%s-" % (prefix, host)))
    return started


def oauth2_objects(instances):
    """Incoming clients and outgoing configs per host, read after the runs (not part of any measured run)."""
    counts = {}
    for host, instance in instances.items():
        api = instance.client()
        counts[host] = (len(api.get(INCOMING).json()), len(api.get(OUTGOING).json()))
    return counts


def median_run(runs):
    """The run of median wall time (its requests are the same in every repeat; checked by the targets)."""
    return sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]


def span(values):
    values = list(values)
    return str(min(values)) if min(values) == max(values) else "%d-%d" % (min(values), max(values))


def row(run, floor):
    reqs = run["requests"].values()
    ratio = run["wall"] / floor["wall"] if floor else 1.0
    walls = run.get("walls") or [run["wall"]]
    spread = "" if len(walls) == 1 else " (%.1f-%.1f)" % (min(walls), max(walls))
    return "%-22s %6.1f%-12s %6.2f %9s %9s %8s %7.1f" % (
        run["label"], run["wall"], spread, ratio, span(r["gets"] for r in reqs), span(r["writes"] for r in reqs),
        run["changed"], run["startup"] or 0)


def check(results, label, ok, detail):
    results.append(ok)
    print("  %-4s %s: %s" % ("PASS" if ok else "MISS", label, detail))


def targets(n, forks, runs, mesh_objects, pair_objects):
    """PASS/MISS per target; the list of outcomes."""
    results = []
    print("\ntargets (N=%d, forks %d):" % (n, forks))
    noops = runs["mesh no-ops"] + runs["pair no-ops"]
    check(results, "no-op re-run changes nothing", all(r["changed"] == 0 for r in noops),
          "changed=%s (mesh runs), %s (pair runs)" % ([r["changed"] for r in runs["mesh no-ops"]],
                                                      [r["changed"] for r in runs["pair no-ops"]]))
    writes = ["%s %s %s" % (h, e["method"], e["path"]) for r in noops for h, q in r["requests"].items()
              for e in q["log"] if e["method"] not in ("GET", "HEAD", "OPTIONS")]
    check(results, "no-op re-run sends no write", not writes,
          "%d writes%s" % (len(writes), (": %s" % "; ".join(writes[:5])) if writes else ""))
    most = max(q["gets"] for r in noops for q in r["requests"].values())
    check(results, "no-op re-run <= 3 GETs per product", most <= 3, "at most %d" % most)
    noop, floor = runs["mesh no-op"], runs["mesh floor"]
    ratio = noop["wall"] / floor["wall"]
    check(results, "no-op wall time <= 2x the floor", ratio <= 2.0,
          "%.1f s / %.1f s = %.2fx (medians)" % (noop["wall"], floor["wall"], ratio))
    cold = runs["mesh cold"]["requests"]
    reads = max(q["gets"] for q in cold.values())
    check(results, "cold run <= 3 GETs per product", reads <= 3, "at most %d" % reads)
    made = dict((h, sum(c)) for h, c in mesh_objects.items())
    want = 2 * (n - 1)
    check(results, "cold run: one write per object created (%d per product)" % want,
          all(cold[h]["writes"] <= made[h] == want for h in cold),
          "writes %s, objects created %s" % (span(q["writes"] for q in cold.values()), span(made.values())))
    pair = runs["pair cold"]["requests"]
    total = sum(q["gets"] + q["writes"] for q in pair.values())
    check(results, "single link cold <= 10 requests", total <= 10 and all(sum(c) == 2 for c in pair_objects.values()),
          "%d requests (%s), objects per product %s" % (
              total, ", ".join("%s %d GET + %d write" % (h, q["gets"], q["writes"]) for h, q in pair.items()),
              span(sum(c) for c in pair_objects.values())))
    gets = max(sum(q["gets"] for q in r["requests"].values()) for r in runs["pair no-ops"])
    pair_writes = max(sum(q["writes"] for q in r["requests"].values()) for r in runs["pair no-ops"])
    check(results, "single link re-run <= 6 GETs (and no write)", gets <= 6 and pair_writes == 0,
          "%d GETs, %d writes" % (gets, pair_writes))
    return results


def task_times(run, top):
    """The slowest tasks of a run: seconds until the last host finished it, and the longest one host took
    (its worker: templating the arguments, running the module or action)."""
    times = {}
    for task in run["timer"]["tasks"]:
        spent = [end - start for start, end in task["hosts"].values() if end]
        wall, host = times.get(task["name"], (0, 0))
        times[task["name"]] = (wall + task["end"] - task["start"], host + max(spent or [0]))
    print("\n%s: %.1f s wall, %.1f s until the first task (ansible startup, inventory, playbook parsing), "
          "%d tasks:" % (run["label"], run["wall"], run["startup"] or 0, len(run["timer"]["tasks"])))
    print("  %6s %6s  %s" % ("wall", "host", "task"))
    for name, (wall, host) in sorted(times.items(), key=lambda kv: -kv[1][0])[:top]:
        print("  %6.2f %6.2f  %s" % (wall, host, name))
    print("  %6.2f         all %d tasks" % (sum(w for w, _ in times.values()), len(run["timer"]["tasks"])))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10, help="products in the mesh (default 10)")
    parser.add_argument("--forks", type=int, default=None, help="ansible forks (default: --products; keep >= N)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each floor and no-op scenario (median)")
    parser.add_argument("--tasks", action="store_true", help="print the slowest tasks of the mesh runs")
    options = parser.parse_args()
    n = options.products
    if n < 2:
        parser.error("--products must be at least 2")
    forks = options.forks or n
    if forks < n:
        print("warning: --forks %d < --products %d: each phase runs in batches of %d hosts (slower)"
              % (forks, n, forks))

    # SIGTERM like Ctrl-C, so that the finally below stops the instances.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="applinks-mesh.") as tmp_name:
        tmp = Path(tmp_name)
        pool = testing.Pool(lambda name: Path(tempfile.mkdtemp(prefix=name, dir=tmp)), tmp / "ca")
        try:
            return measure(pool, Bench(tmp, forks), tmp, n, options)
        except RunFailed as err:
            print(err, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        finally:
            pool.stop_all()


def measure(pool, bench, tmp, n, options):
    print("starting %d + 2 dcsim instances..." % n, flush=True)
    mesh = start_products(pool, n, "mesh")
    pair = start_products(pool, 2, "pair")
    mesh_inv = write_inventory(tmp / "mesh.yml", mesh)
    pair_inv = write_inventory(tmp / "pair.yml", pair)
    mesh_i = {h: inst for h, (_, inst) in mesh.items()}
    pair_i = {h: inst for h, (_, inst) in pair.items()}
    versions = sorted({"%s %s" % (p, i.version) for p, i in mesh.values()})
    print("products: %s; forks %d; pipelining on; %d CPUs (shared: timings are noisy)"
          % (", ".join(versions), bench.forks, os.cpu_count()), flush=True)

    mesh_args = {"applinks_mesh": True}
    mesh_floor_empty = bench.play("floor, empty (%d)" % n, bench.floor, mesh_inv, mesh_i)
    mesh_cold = bench.play("mesh cold (%d)" % n, LINK_PRODUCTS, mesh_inv, mesh_i, mesh_args)
    mesh_objects = oauth2_objects(mesh_i)
    # Floor and no-op alternate, so that both see the same load on the machine.
    floors, noops = [], []
    for _ in range(options.repeat):
        floors.append(bench.play("floor (%d)" % n, bench.floor, mesh_inv, mesh_i))
        noops.append(bench.play("mesh no-op (%d)" % n, LINK_PRODUCTS, mesh_inv, mesh_i, mesh_args))
    mesh_floor, mesh_noop = median_run(floors), median_run(noops)
    mesh_floor["walls"], mesh_noop["walls"] = [r["wall"] for r in floors], [r["wall"] for r in noops]

    pair_cold = bench.play("pair cold (2)", LINK_PRODUCTS, pair_inv, pair_i, mesh_args)
    pair_objects = oauth2_objects(pair_i)
    pair_floors, pair_noops = [], []
    for _ in range(options.repeat):
        pair_floors.append(bench.play("floor (2)", bench.floor, pair_inv, pair_i))
        pair_noops.append(bench.play("pair no-op (2)", LINK_PRODUCTS, pair_inv, pair_i, mesh_args))
    pair_floor, pair_noop = median_run(pair_floors), median_run(pair_noops)
    pair_floor["walls"], pair_noop["walls"] = [r["wall"] for r in pair_floors], [r["wall"] for r in pair_noops]

    print("\n%-22s %-18s %6s %9s %9s %8s %7s" % ("scenario", "wall s", "/floor", "GETs/prod", "writes/p",
                                              "changed", "start s"))
    for run, floor in ((mesh_floor_empty, mesh_floor), (mesh_floor, mesh_floor), (mesh_cold, mesh_floor),
                       (mesh_noop, mesh_floor), (pair_floor, pair_floor), (pair_cold, pair_floor),
                       (pair_noop, pair_floor)):
        print(row(run, floor))
    print("(GETs/writes: min-max over products from dcsim's request logs; wall: median of %d, range in "
          "brackets; start s: until the first task ran)" % options.repeat)

    results = targets(n, bench.forks, {"mesh cold": mesh_cold, "mesh no-ops": noops, "mesh floor": mesh_floor,
                                       "mesh no-op": mesh_noop, "pair cold": pair_cold, "pair no-ops": pair_noops},
                      mesh_objects, pair_objects)
    print("%d of %d targets met%s" % (sum(results), len(results),
                                      "" if all(results) else " (a benchmark: exit 0 on a miss)"))
    if options.tasks:
        for run in (mesh_cold, mesh_noop, mesh_floor):
            task_times(run, 12)
    return 0


if __name__ == "__main__":
    sys.exit(main())
