"""Start and stop dcsim instances as real processes (tests, demo, molecule), and a small HTTP client."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DEFAULT_AUTH = ("admin", "admin")  # the default system administrator (dcsim/config.py)
PUBLIC_HOST = "localhost"  # the proxied layout's public name; the internal one is the bind host 127.0.0.1


def layout_args(public_host=PUBLIC_HOST, refuse_server_calls=True):
    """`dcsim serve` arguments of the proxied layout (issue 16): the base URL on `public_host`, other servers on
    127.0.0.1, and (by default) server-to-server calls on the public name refused."""
    args = ["--public-host", public_host]
    return args + (["--refuse-server-calls-on-public-name"] if refuse_server_calls else [])


JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json",
                "X-Atlassian-Token": "no-check", "User-Agent": "dcsim-tests"}


class Running:
    """One dcsim process."""

    def __init__(self, proc, info, data_dir):
        self.proc = proc
        self.info = info
        self.data_dir = Path(data_dir)

    @property
    def base_url(self):
        return self.info["baseUrl"]

    @property
    def internal_url(self):
        """The URL other servers reach this instance on (its bind host): equal to base_url unless the instance
        was started with a public host (the proxied layout)."""
        return self.info.get("internalUrl", self.base_url)

    @property
    def ca_file(self):
        return self.info["caFile"]

    @property
    def server_id(self):
        return self.info["serverId"]

    @property
    def version(self):
        return self.info["version"]

    def client(self, auth=DEFAULT_AUTH, token=None):
        """A JSON client; with `token` it authenticates with `Authorization: Bearer` instead of Basic."""
        return Client(self.base_url, self.ca_file, auth, token=token)

    def pat(self, user="admin", name=None):
        """A new personal access token of `user`, made by `python -m dcsim pat` (works while Basic is blocked)."""
        return create_pat(self.data_dir, user, name)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(product, data_dir, ca_dir=None, port=0, extra_args=(), timeout=30):
    """Start `python -m dcsim serve` and wait until it answers; return a Running."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    info_file = data_dir / "server.json"
    if info_file.exists():
        info_file.unlink()
    cmd = [sys.executable, "-m", "dcsim", "serve", "--product", product, "--data", str(data_dir),
           "--port", str(port)]
    if ca_dir:
        cmd += ["--ca-dir", str(ca_dir)]
    cmd += list(extra_args)
    env = _env()
    with open(data_dir / "dcsim.log", "ab") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env)
    try:
        return _wait_ready(proc, info_file, data_dir, timeout)
    except BaseException:
        # Interrupted or failed while starting: never leave the child behind.
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        raise


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def create_pat(data_dir, user="admin", name=None, timeout=30):
    """`python -m dcsim pat --data DIR --user USER`: the raw token; RuntimeError with its message on failure."""
    cmd = [sys.executable, "-m", "dcsim", "pat", "--data", str(data_dir), "--user", user]
    if name:
        cmd += ["--name", name]
    done = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"dcsim pat exited with {done.returncode}: {done.stderr.strip()}")
    return done.stdout.strip()


def _wait_ready(proc, info_file, data_dir, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dcsim exited with {proc.returncode}; see {data_dir / 'dcsim.log'}")
        if info_file.exists():
            try:
                info = json.loads(info_file.read_text())
            except ValueError:
                info = None
            if info:
                verify = info["caFile"] if info["baseUrl"].startswith("https") else True
                try:
                    requests.get(info["baseUrl"] + "/_dcsim/health", verify=verify, timeout=2)
                    return Running(proc, info, data_dir)
                except requests.RequestException:
                    pass
        time.sleep(0.1)
    raise RuntimeError(f"dcsim did not start within {timeout}s; see {data_dir / 'dcsim.log'}")


class Client:
    """A JSON client for tests. `verify` is passed per request (REQUESTS_CA_BUNDLE would override a session's)."""

    def __init__(self, base_url, ca_file, auth=DEFAULT_AUTH, token=None):
        self.base_url = base_url
        self.verify = ca_file if base_url.startswith("https") else True
        self.auth = None if token else auth
        self.token = token
        self.session = requests.Session()

    def request(self, method, path, json_body=None, headers=None, **kwargs):
        merged = dict(JSON_HEADERS)
        if self.token:
            merged["Authorization"] = f"Bearer {self.token}"
        merged.update(headers or {})
        if json_body is not None:
            kwargs["data"] = json.dumps(json_body)
        kwargs.setdefault("auth", self.auth)
        kwargs.setdefault("timeout", 30)
        url = path if path.startswith("http") else self.base_url + path
        return self.session.request(method, url, headers=merged, verify=self.verify, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json_body=None, **kw):
        return self.request("POST", path, json_body, **kw)

    def put(self, path, json_body=None, **kw):
        return self.request("PUT", path, json_body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # Simulator controls
    def clear_log(self):
        self.delete("/_dcsim/requests").raise_for_status()

    def log(self):
        response = self.get("/_dcsim/requests")
        response.raise_for_status()
        return response.json()

    def writes(self):
        return [e for e in self.log() if e["method"] not in ("GET", "HEAD", "OPTIONS")]

    def faults(self, faults):
        self.put("/_dcsim/faults", {"faults": faults}).raise_for_status()


class Pool:
    """Instances started for one scope (a test, a module, a session), sharing one CA; stop_all() ends them."""

    def __init__(self, make_dir, ca_dir):
        self._make_dir = make_dir      # name -> a new empty directory (e.g. tmp_path_factory.mktemp)
        self._ca_dir = ca_dir
        self._started = []

    def start(self, product, name=None, extra_args=(), data_dir=None, layout=False):
        """layout=True: the proxied layout (layout_args()); Running.base_url is then the public URL and
        Running.internal_url the one for servers."""
        args = list(extra_args) + (layout_args() if layout else [])
        running = start(product, data_dir or self._make_dir(name or product), ca_dir=self._ca_dir,
                        extra_args=args)
        self._started.append(running)
        return running

    def stop_all(self):
        for running in self._started:
            running.stop()
        self._started.clear()


def rsa_keypair():
    """(private PEM, public PEM) of a new 2048-bit RSA key, for OAuth 1.0a consumers in tests."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public
