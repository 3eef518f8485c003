"""The harness itself: modules load from the collection and reach dcsim over HTTPS, directly or through
an HTTPS proxy (use_proxy)."""

import select
import socket
import socketserver
import threading

import pytest

from conftest import conn_vars


def test_wrong_password_fails_without_leaking_it(run_module, confluence):
    args = conn_vars(confluence, password="S3cret-wrong-pw", name="x", redirect_uris=["https://a.example/cb"])
    res = run_module("oauth2_incoming", args)
    assert res.failed
    assert "HTTP 401" in res.msg
    assert "S3cret-wrong-pw" not in res.output


class ConnectProxy(socketserver.ThreadingTCPServer):
    """A minimal HTTPS (CONNECT) proxy that records the tunnels it opened; TLS stays end to end."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.tunnels = []
        super().__init__(("127.0.0.1", 0), ConnectHandler)


class ConnectHandler(socketserver.BaseRequestHandler):
    def handle(self):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            head += chunk
        method, target = head.split(b" ")[:2]
        if method != b"CONNECT":
            self.request.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, port = target.decode().rsplit(":", 1)
        self.server.tunnels.append(target.decode())
        upstream = socket.create_connection((host, int(port)), timeout=10)
        self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        sockets = [self.request, upstream]
        try:
            while True:
                readable, _w, _x = select.select(sockets, [], [], 10)
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.request else self.request).sendall(data)
        finally:
            upstream.close()


@pytest.fixture(scope="module")
def proxy():
    server = ConnectProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def proxy_env(url):
    return {"HTTPS_PROXY": url, "https_proxy": url, "NO_PROXY": "", "no_proxy": ""}


def test_https_proxy_is_used_and_tls_still_verified(run_module, confluence, proxy):
    env = proxy_env("http://127.0.0.1:%d" % proxy.server_address[1])
    proxy.tunnels.clear()
    res = run_module("application_link_info", conn_vars(confluence), env=env)
    assert not res.failed, res.msg
    host = confluence.base_url.split("/")[2]
    assert proxy.tunnels and set(proxy.tunnels) == {host}


def test_use_proxy_false_ignores_the_proxy_variables(run_module, confluence):
    env = proxy_env("http://127.0.0.1:%d" % closed_port())
    res = run_module("application_link_info", conn_vars(confluence, retries=0), env=env)
    assert res.failed and "through the proxy" in res.msg and "use_proxy: false" in res.msg, res.msg
    res = run_module("application_link_info", conn_vars(confluence, use_proxy=False), env=env)
    assert not res.failed, res.msg


def test_no_proxy_is_honoured(run_module, confluence):
    env = proxy_env("http://127.0.0.1:%d" % closed_port())
    env.update({"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"})
    res = run_module("application_link_info", conn_vars(confluence, retries=0), env=env)
    assert not res.failed, res.msg
