"""Benchmark: what a no-op run of each stateful module costs, in requests (from dcsim's log) and seconds.

    .venv/bin/python benchmarks/noop_runs.py [--repeat N] [--others N]

Starts a Confluence and a Jira dcsim instance, creates one object per module plus N other objects, then
runs each module N times with unchanged arguments and prints the requests each run sent to the product and
the wall time of the ansible run (process start included). Timings are for reading, never for pass/fail.

Expected requests of a no-op run (column "expected"; the integration tests assert them): oauth2_incoming one GET
(the client list), oauth2_outgoing two (the config by name, and the manifest: the redirect URI derives from the
base URL the product reports), a generic application_link one, a Jira link with OAuth 1.0a levels two.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dcsim import testing  # noqa: E402


def ansible_env(tmp):
    collections = tmp / "collections" / "ansible_collections" / "atlassian_dc"
    collections.mkdir(parents=True)
    (collections / "applinks").symlink_to(REPO)
    return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp / "collections"), ANSIBLE_PIPELINING="1",
                ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="False")


def run(env, module, args):
    cmd = [str(Path(sys.executable).parent / "ansible"), "localhost", "-i", "localhost,", "-c", "local",
           "-m", "atlassian_dc.applinks." + module, "-a", json.dumps(args)]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (module, proc.stdout[-2000:]))
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--others", type=int, default=50, help="other objects of each kind on the product")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="applinks-bench.") as tmp_name:
        tmp = Path(tmp_name)
        pool = testing.Pool(lambda name: Path(tempfile.mkdtemp(prefix=name, dir=tmp)), tmp / "ca")
        try:
            conf, jira = pool.start("confluence"), pool.start("jira")
            env = ansible_env(tmp)
            api = conf.client()
            for i in range(options.others):
                api.post("/rest/oauth2/latest/client", {"name": "other %d" % i, "scope": "READ",
                                                        "redirects": ["https://other%d.example/cb" % i]})
                api.put("/rest/applinks/2.0/applicationlink", {"name": "other link %d" % i, "typeId": "generic",
                                                               "rpcUrl": "https://other%d.example" % i,
                                                               "displayUrl": "https://other%d.example" % i})
            conn = {"url": conf.base_url, "username": "admin", "password": "admin", "ca_path": conf.ca_file}
            # label: (arguments, expected requests of a no-op run)
            cases = {
                "oauth2_incoming": (dict(conn, name="bench", redirect_uris=["https://bench.example/cb"]), 1),
                "oauth2_outgoing": (dict(conn, name="bench", remote_url=jira.base_url, client_id="abc",
                                         client_secret="bench-secret"), 2),
                "application_link (generic)": (dict(conn, name="bench", type="generic",
                                                    remote_url="https://bench.example"), 1),
                "application_link (jira, auth)": (dict(conn, name="Jira", type="jira", remote_url=jira.base_url,
                                                       incoming_auth="oauth", outgoing_auth="oauth"), 2),
            }
            print("%-30s %9s %9s %7s %9s %9s" % ("module (no-op run)", "requests", "expected", "writes",
                                                 "median s", "max s"))
            for label, (args, expected) in cases.items():
                module = label.split()[0]
                run(env, module, args)  # create
                times, counts, writes = [], set(), set()
                for _ in range(options.repeat):
                    api.clear_log()
                    times.append(run(env, module, args))
                    log = api.log()
                    counts.add(len(log))
                    writes.add(len([e for e in log if e["method"] != "GET"]))
                print("%-30s %9s %9d %7s %9.2f %9.2f" % (label, "/".join(map(str, sorted(counts))), expected,
                                                        "/".join(map(str, sorted(writes))),
                                                        statistics.median(times), max(times)))
        finally:
            pool.stop_all()


if __name__ == "__main__":
    main()
