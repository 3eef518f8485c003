"""Minimal demo (`make demo`): two simulated products over HTTPS, their manifests and link lists.

Starts a Confluence and a Jira dcsim instance on 127.0.0.1 that share one CA (temp directory),
prints each one's applinks manifest (GET /rest/applinks/1.0/manifest) and its application links
(GET /rest/applinks/3.0/applinks as admin), then stops both processes - also on Ctrl-C, SIGTERM
or an error. A route that answers 404 (not simulated yet) is reported but is not an error.
"""

import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import requests  # noqa: E402

from dcsim import testing  # noqa: E402

PRODUCTS = ("confluence", "jira")
ADMIN = ("admin", "admin")
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Signals:
    """Ctrl-C/SIGTERM/SIGHUP unwind through the finally block that stops the processes.

    While a process is being started the signal is only recorded and raised right after:
    testing.start() does not stop a child it spawned when interrupted. (Blocking the signals with
    pthread_sigmask instead would be inherited by the child, which then could not be stopped.)
    """

    deferring = False
    pending = None

    @classmethod
    def handler(cls, signum, _frame):
        if cls.deferring:
            cls.pending = signum
            return
        cls.raise_for(signum)

    @staticmethod
    def raise_for(signum):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    @classmethod
    def start(cls, product, data_dir, ca_dir, running):
        """testing.start() and append to `running`, then raise any signal received meanwhile."""
        cls.deferring = True
        try:
            instance = testing.start(product, data_dir, ca_dir=ca_dir)
            running.append(instance)
            return instance
        finally:
            cls.deferring = False
            if cls.pending is not None:
                signum, cls.pending = cls.pending, None
                cls.raise_for(signum)


def show(title, response):
    """Print one response; return False for a real error (anything but 2xx or 404)."""
    print(f"--- {title}: HTTP {response.status_code}")
    try:
        print(json.dumps(response.json(), indent=2, sort_keys=True))
    except ValueError:
        print(response.text[:2000] or "(empty body)")
    if response.status_code == 404:
        print("    (route not available in this dcsim yet)")
        return True
    return response.ok


def main():
    for signum in SIGNALS:
        signal.signal(signum, _Signals.handler)
    tmp = Path(tempfile.mkdtemp(prefix="applinks-demo."))
    ca_dir = tmp / "ca"
    running = []
    failed = False  # a real error: keep the temp directory (each instance's dcsim.log) for a look
    try:
        for product in PRODUCTS:
            instance = _Signals.start(product, tmp / product, ca_dir, running)
            print(f"started {product}: {instance.base_url} (server id {instance.server_id}, pid {instance.proc.pid})")
        print(f"shared CA: {running[0].ca_file}\n")
        for instance in running:
            name = instance.info.get("product", instance.base_url)
            manifest = requests.get(instance.base_url + "/rest/applinks/1.0/manifest",
                                    headers={"Accept": "application/json"},
                                    verify=instance.ca_file, timeout=30)
            failed = not show(f"{name} manifest", manifest) or failed
            links = requests.get(instance.base_url + "/rest/applinks/3.0/applinks",
                                 headers={"Accept": "application/json"}, auth=ADMIN,
                                 verify=instance.ca_file, timeout=30)
            failed = not show(f"{name} application links", links) or failed
            print()
        if failed:
            print("demo: some requests failed (see above)", file=sys.stderr)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (RuntimeError, requests.RequestException) as exc:
        failed = True
        print(f"demo failed: {exc}", file=sys.stderr)
    finally:
        # A second Ctrl-C/SIGTERM while stopping must not leave a process behind (stop() is bounded).
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        for instance in running:
            instance.stop()
        if running:
            print(f"stopped {len(running)} dcsim process(es)")
        if failed:
            print(f"kept {tmp} (dcsim.log of each instance is there)", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
