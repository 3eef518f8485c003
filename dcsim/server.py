"""Serving one instance over HTTPS (or HTTP in dev mode) with Werkzeug's threaded WSGI server."""

import json
import logging
import os
import signal
import ssl
import sys
import threading

from werkzeug.serving import make_server

from dcsim.app import create_app
from dcsim.tls import DEFAULT_CERT_HOSTS, ensure_ca, ensure_server_cert

logging.getLogger("werkzeug").setLevel(logging.WARNING)


class Instance:
    """A running dcsim instance in this process (used by the CLI and by in-process tests)."""

    def __init__(self, config, host="127.0.0.1", port=0):
        self.config = config
        ssl_context = None
        self.host = host
        if config.https:
            ensure_ca(config.ca_dir or config.data_dir)
            names = tuple(dict.fromkeys((host, config.public_host or host) + DEFAULT_CERT_HOSTS))
            cert, key = ensure_server_cert(config.data_dir, config.ca_dir or config.data_dir, hosts=names)
            ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ssl_context.load_cert_chain(str(cert), str(key))
        # Bind first so port 0 picks a free port, then derive the base URL from it.
        self._placeholder_app = None
        self.server = make_server(host, port, self._dispatch, threaded=True, ssl_context=ssl_context)
        self.port = self.server.socket.getsockname()[1]
        scheme = "https" if config.https else "http"
        # The URL other servers reach this one on (the bind host); the base URL may use a public name instead.
        self.internal_url = f"{scheme}://{host}:{self.port}{config.context_path}"
        if not config.base_url:
            config.base_url = f"{scheme}://{config.public_host or host}:{self.port}{config.context_path}"
        self.wsgi_app, self.flask_app = create_app(config)
        self.sim = self.flask_app.extensions["dcsim"]
        self._thread = None

    def _dispatch(self, environ, start_response):
        return self.wsgi_app(environ, start_response)

    def describe(self):
        return {"product": self.config.product.key, "version": self.config.profile.version, "port": self.port,
                "baseUrl": self.config.base_url, "internalUrl": self.internal_url,
                "serverId": self.sim.server_id, "caFile": str(self.config.ca_file), "pid": os.getpid(),
                "dataDir": str(self.config.data_dir)}

    def start_background(self):
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        info = self.describe()
        (self.config.data_dir / "server.json").write_text(json.dumps(info))
        print(json.dumps(info), flush=True)

        def stop(signum, frame):
            threading.Thread(target=self.server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            self.server.serve_forever()
        finally:
            self.server.server_close()
            try:
                (self.config.data_dir / "server.json").unlink()
            except FileNotFoundError:
                pass
        print("dcsim stopped", file=sys.stderr, flush=True)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.sim.store.close()
