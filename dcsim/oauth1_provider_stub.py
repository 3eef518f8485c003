"""A third-party OAuth 1.0a provider for tests of dcsim's outgoing OAuth 1.0a consumers (dcsim and integration
tests share it)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oauthlib.oauth1 import RequestTokenEndpoint, RequestValidator


class Provider:
    """A third-party OAuth 1.0a service provider (request-token step only) on 127.0.0.1, plain HTTP, with
    oauthlib's server side: it checks the HMAC-SHA1 signature dcsim makes with the shared secret. `seen` holds the
    Authorization headers it received, `issued` the request tokens it gave out.
    """

    def __init__(self, key, secret, https_callbacks_only=False):
        self.key, self.secret, self.seen, self.issued = key, secret, [], []
        provider = self

        class Validator(RequestValidator):
            enforce_ssl = False
            dummy_client = "dummy-client"

            def check_client_key(self, client_key):
                return bool(client_key)

            def check_nonce(self, nonce):
                return bool(nonce)

            def validate_client_key(self, client_key, request):
                return client_key == provider.key

            def get_client_secret(self, client_key, request):
                return provider.secret if client_key == provider.key else "dummy"

            def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                             access_token=None):
                return True

            def validate_requested_realms(self, client_key, realms, request):
                return True

            def get_default_realms(self, client_key, request):
                return []

            def validate_redirect_uri(self, client_key, redirect_uri, request):
                return redirect_uri.startswith("https://") or not https_callbacks_only

            def save_request_token(self, token, request):
                provider.issued.append(token["oauth_token"])

        endpoint = RequestTokenEndpoint(Validator())

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                provider.seen.append(self.headers.get("Authorization", ""))
                headers, text, status = endpoint.create_request_token_response(
                    f"http://127.0.0.1:{self.server.server_port}{self.path}", "POST", body, dict(self.headers))
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write((text or "").encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}/oauth"
        self.url = self.base + "/request-token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
