"""`make demo`: link a simulated Confluence and Jira both ways with OAuth 2.0, using the collection's playbooks.

1. Starts Confluence and Jira as dcsim processes on 127.0.0.1 (HTTPS, one CA in a temp directory).
2. Writes a temp inventory (one host per product) and runs playbooks/link_products.yml: on each product an
   OAuth 2.0 incoming link (the product is the provider for the other) and an outgoing link (it is the
   client of the other); client id and secret go from one to the other in memory only.
3. Runs it again: nothing changes (changed=0).
4. Runs playbooks/show_links.yml: each product lists the other as a Two-way link; the Markdown report (tables
   and a Mermaid graph) is written to build/demo/applinks-report.md.
5. Proves the link works: each product's outgoing link runs its connection test (a real authorization-code
   round trip with the other product: authorize, token exchange with the stored secret, an API call).
6. Stops both processes, also on Ctrl-C, SIGTERM or a failure (then the temp directory with the logs is kept).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import requests  # noqa: E402

from dcsim import testing  # noqa: E402

PRODUCTS = (("confluence", "Confluence"), ("jira", "Jira"))
ADMIN = ("admin", "admin")
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
CALLBACKS = REPO / "tests" / "integration" / "callback_plugins"  # results_json: task results as JSON
BIN = Path(sys.executable).parent
REPORT = REPO / "build" / "demo" / "applinks-report.md"  # kept after the demo (build/ is gitignored)


class DemoError(Exception):
    pass


class _Signals:
    """Ctrl-C/SIGTERM/SIGHUP unwind through the finally block that stops the processes.

    (testing.start() kills a child it spawned when it is interrupted while waiting for it.)
    """

    @staticmethod
    def handler(signum, _frame):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    @staticmethod
    def start(product, data_dir, ca_dir, running):
        instance = testing.start(product, data_dir, ca_dir=ca_dir)
        running.append(instance)
        return instance


def step(number, text):
    print(f"\n{number}. {text}")


def write_inventory(tmp, running):
    """One inventory host per product; the modules run on the controller with this Python."""
    lines = ["all:", "  children:", "    atlassian_products:", "      vars:",
             "        ansible_connection: local",
             "        ansible_python_interpreter: \"{{ ansible_playbook_python }}\"",
             "        applinks_username: admin",
             "        applinks_password: admin",
             f"        applinks_ca_path: {running[0].ca_file}",
             "      hosts:"]
    for (host, name), instance in zip(PRODUCTS, running):
        lines += [f"        {host}:", f"          applinks_url: {instance.base_url}",
                  f"          applinks_name: {name}", f"          applinks_type: {host}"]
    path = tmp / "hosts.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


class Ansible:
    """ansible-playbook runs with the collection on the search path; output goes to a log file."""

    def __init__(self, tmp, inventory):
        self.tmp = tmp
        self.inventory = inventory
        self.runs = 0
        self.child = None
        collections = tmp / "collections"
        (collections / "ansible_collections" / "atlassian_dc").mkdir(parents=True)
        (collections / "ansible_collections" / "atlassian_dc" / "applinks").symlink_to(REPO)
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_NOCOLOR="1",
                        ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS), ANSIBLE_CALLBACKS_ENABLED="results_json",
                        ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_DEPRECATION_WARNINGS="false",
                        ANSIBLE_RETRY_FILES_ENABLED="false")
        for key in ("ATLASSIAN_URL", "ATLASSIAN_USERNAME", "ATLASSIAN_PASSWORD", "ATLASSIAN_TOKEN"):
            self.env.pop(key, None)

    def playbook(self, name, extra_vars):
        self.runs += 1
        log = self.tmp / f"ansible-{self.runs}-{name.replace('.yml', '')}.log"
        results = self.tmp / f"results-{self.runs}.json"
        cmd = [str(BIN / "ansible-playbook"), "-i", str(self.inventory), str(REPO / "playbooks" / name),
               "-e", json.dumps(extra_vars)]
        shown = json.dumps(extra_vars).replace(str(self.tmp), "$DEMO_DIR")
        print(f"   $ ansible-playbook -i hosts.yml playbooks/{name} -e '{shown}'")
        started = time.monotonic()
        with open(log, "w") as out:
            self.child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=dict(
                self.env, RESULTS_JSON_FILE=str(results)), cwd=str(self.tmp))
            rc = self.child.wait()
            self.child = None
        data = json.loads(results.read_text()) if results.exists() else {"tasks": [], "stats": {}}
        changed = sum(s.get("changed", 0) for s in data["stats"].values())
        if rc != 0:
            text = log.read_text()
            errors = re.findall(r"^(?:fatal|\[ERROR\]).*$", text, re.M)
            raise DemoError(f"ansible-playbook {name} failed (rc {rc}): {' | '.join(errors[-2:]) or text[-800:]}"
                            f"\n   full output: {log}")
        print(f"   -> ok in {time.monotonic() - started:.0f}s, changed={changed}")
        return data, changed

    def stop(self):
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()
            try:
                self.child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.child.kill()


def messages(data, task):
    """{host: msg} of the results of one task."""
    return {t["host"]: t["result"].get("msg") for t in data["tasks"] if t["task"] == task}


def connection_test(instance, config_name):
    """The outgoing link's "Test connection" (dcsim runs the browser's part server-side)."""
    client = instance.client(ADMIN)
    config = client.get("/rest/oauth2-client/latest/config/name/" + requests.utils.quote(config_name, safe=""))
    config.raise_for_status()
    flow = client.post(f"/rest/oauth2-client/latest/config/flow?id={config.json()['id']}")
    flow.raise_for_status()
    client.get(flow.json()["initFlowUrl"], allow_redirects=False)
    result = client.get(f"/rest/oauth2-client/latest/config/flow/{flow.json()['id']}")
    result.raise_for_status()
    return result.json()


def demo(tmp, running, holder):
    step(1, "Start two simulated Data Center products (dcsim, HTTPS, one local CA)")
    for host, name in PRODUCTS:
        instance = _Signals.start(host, tmp / host, tmp / "ca", running)
        print(f"   {name:<10} {instance.base_url}")
    inventory = write_inventory(tmp, running)
    ansible = holder["ansible"] = Ansible(tmp, inventory)
    pairs = {"applinks_pairs": [["confluence", "jira"]]}

    step(2, "Link them both ways with OAuth 2.0 (role two_way_link: 2 incoming + 2 outgoing links, then verify)")
    data, changed = ansible.playbook("link_products.yml", pairs)
    for lines in messages(data, "Summary").values():
        for line in lines or []:
            print(f"   {line}")
    if not changed:
        raise DemoError("the first run changed nothing; were the products already linked?")

    step(3, "Run it again: nothing to change")
    _, changed = ansible.playbook("link_products.yml", pairs)
    if changed:
        raise DemoError(f"the second run changed {changed} task(s); it should be idempotent")

    step(4, "What each product's \"Application links\" page shows (playbooks/show_links.yml)")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    data, _ = ansible.playbook("show_links.yml", {"applinks_report_file": str(tmp / "links.json"),
                                                  "applinks_report_markdown": str(REPORT)})
    tables = messages(data, "View application links")
    for host, _name in PRODUCTS:
        print()
        for line in tables.get(host) or []:
            print(f"   {line}")
    report = json.loads((tmp / "links.json").read_text())
    for (host, name), (_peer, peer_name) in zip(PRODUCTS, reversed(PRODUCTS)):
        rows = [r for r in report[host]["applications"] if r["name"] == peer_name]
        if not rows or rows[0]["direction"] != "Two-way":
            raise DemoError(f"{name} does not list {peer_name} as a two-way link: {rows}")
    if "```mermaid" not in REPORT.read_text():
        raise DemoError(f"{REPORT} has no Mermaid diagram")
    print(f"\n   Markdown report (tables and a Mermaid graph of the links): {REPORT.relative_to(REPO)}")

    step(5, "Prove it works: each outgoing link's connection test (authorize, token exchange, API call)")
    for (host, name), instance, (_peer, peer_name) in zip(PRODUCTS, running, reversed(PRODUCTS)):
        result = connection_test(instance, peer_name)
        if not result.get("success"):
            raise DemoError(f"{name} -> {peer_name}: connection test failed: {result.get('error')}")
        print(f"   {name} -> {peer_name}: OK, {name} obtained a token from {peer_name} and called its API")


def main():
    for signum in SIGNALS:
        signal.signal(signum, _Signals.handler)
    tmp = Path(tempfile.mkdtemp(prefix="applinks-demo."))
    running = []
    holder = {}
    failed = False
    print(__doc__.split("\n", 1)[0].replace("`make demo`: ", "Demo: "))
    try:
        demo(tmp, running, holder)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (DemoError, RuntimeError, requests.RequestException) as exc:
        failed = True
        print(f"\ndemo FAILED: {exc}", file=sys.stderr)
    finally:
        # A second Ctrl-C/SIGTERM while stopping must not leave a process behind (stop() is bounded).
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        if "ansible" in holder:
            holder["ansible"].stop()
        for instance in running:
            instance.stop()
        if running:
            print(f"\n6. Stopped {len(running)} dcsim process(es).")
        if failed:
            print(f"   Kept {tmp} (inventory, ansible-*.log, each instance's dcsim.log).", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if not failed:
        print("\nDemo passed: Confluence and Jira are linked both ways with OAuth 2.0.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
