"""Start and stop the dcsim instances of a molecule scenario (no Docker: real local HTTPS processes).

    dcsim_ctl.py start --root DIR HOST=PRODUCT [HOST=PRODUCT ...]
    dcsim_ctl.py stop --root DIR

`start` starts one `python -m dcsim serve --port 0` per HOST, one after the other (they share the CA in
DIR/ca, which the first one creates), with the data of HOST in DIR/HOST, where dcsim writes server.json
(base URL, CA file, pid) while it runs. It waits until each instance answers, records the pids in
DIR/pids.json and prints {HOST: {"url", "ca", "pid"}}. Instances are left running when it exits.

`stop` terminates every pid recorded in DIR/pids.json that is still a dcsim process, waits for it to
exit, and removes the record. Safe to run when nothing runs (or when DIR does not exist).
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))


def _is_dcsim(pid):
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"dcsim" in cmdline and b"serve" in cmdline


def start(root, hosts):
    from dcsim import testing  # late: `stop` must work without dcsim's dependencies

    root.mkdir(parents=True, exist_ok=True)
    pids_file = root / "pids.json"
    pids = json.loads(pids_file.read_text()) if pids_file.exists() else {}
    out = {}
    for spec in hosts:
        host, product = (spec.split("=", 1) + [""])[:2]
        running = testing.start(product or host, root / host, ca_dir=root / "ca")
        pids[host] = running.proc.pid
        pids_file.write_text(json.dumps(pids))
        out[host] = {"url": running.base_url, "ca": running.ca_file, "pid": running.proc.pid}
    print(json.dumps(out))


def stop(root):
    pids_file = root / "pids.json"
    if not pids_file.exists():
        print(json.dumps({"stopped": []}))
        return
    stopped = []
    pids = json.loads(pids_file.read_text())
    for host, pid in pids.items():
        if not _is_dcsim(pid):
            continue
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _is_dcsim(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _is_dcsim(pid):
            os.kill(pid, signal.SIGKILL)
        stopped.append(host)
    pids_file.unlink()
    print(json.dumps({"stopped": stopped}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("hosts", nargs="*", metavar="HOST=PRODUCT")
    args = parser.parse_intermixed_args()
    if args.action == "start":
        start(args.root, args.hosts)
    else:
        stop(args.root)


if __name__ == "__main__":
    main()
