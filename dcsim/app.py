"""The WSGI application: cross-cutting behaviour (auth, XSRF, faults, rate limit, request log, error shapes)."""

import importlib
import logging
import pkgutil
import socket
import time

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.dispatcher import DispatcherMiddleware

import dcsim.routes as routes_pkg
from dcsim import families
from dcsim.errors import ApiError
from dcsim.services import auth, basicauth
from dcsim.services.simctl import rate_limit_headers
from dcsim.sim import Sim
from dcsim.web import is_server_call

log = logging.getLogger("dcsim")

_XSRF_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain", ""}
# Anonymous form endpoints without an XSRF check (REST reference §6.3).
_XSRF_EXEMPT = ("/rest/oauth2/latest/token", "/rest/oauth2/latest/revoke")


def render_error(err):
    fam = families.family_for(request.path)
    if err.kind == "plain":
        fam = "plain"
    elif err.kind == families.ERRORLIST_ANYWHERE:
        fam = "status"  # a v3 resource answering with RestUtil.badRequest: the error-list body
    body, extra = families.error_body(fam, err)
    headers = dict(err.headers)
    headers.update(extra)
    if isinstance(body, str):
        return Response(body, status=err.status, headers=headers, mimetype="text/plain")
    if families.wants_xml(fam, request.headers.get("Accept")):
        root = "error" if "message" in body and isinstance(body["message"], list) else "status"
        return Response(families.render_xml(body, root), status=err.status, headers=headers,
                        mimetype="application/xml")
    return Response(families.dumps(body), status=err.status, headers=headers, mimetype="application/json")


def _drop_connection():
    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _refused_on_public_name(sim):
    """--refuse-server-calls-on-public-name: a server call that arrives on the public name (issue 16)."""
    return (sim.config.refuse_server_calls_on_public_name and is_server_call()
            and request.host.rsplit(":", 1)[0].strip("[]") == sim.config.public_hostname)


def _before():
    g.started = time.monotonic()
    sim = _sim()
    g.refused = _refused_on_public_name(sim)
    if g.refused:
        # The proxy in front of the public name is unreachable from inside: the caller sees a dropped
        # connection, which it reports as an unreachable remote (CONNECTION_REFUSED, "connection error").
        _drop_connection()
        raise ApiError(502, "server-to-server call on the public name refused by dcsim")
    fault = None if request.path.startswith("/_dcsim") else sim.faults.take(request.method, request.path)
    g.fault = fault
    if fault:
        if fault["latency_ms"]:
            time.sleep(fault["latency_ms"] / 1000)
        if fault["action"] == "drop":
            _drop_connection()
            raise ApiError(500, "connection dropped by dcsim fault")
        if fault["action"] == "status":
            headers = rate_limit_headers(fault["retry_after"]) if fault["status"] == 429 else {}
            if fault["status"] in (503, 413) and fault["retry_after"]:
                headers["Retry-After"] = str(fault["retry_after"])
            if fault["status"] == 429:
                # Rate-limit body: JSON only when the client accepts JSON (REST reference §1.3).
                if "application/json" in request.headers.get("Accept", ""):
                    return Response(families.dumps({"message": "Rate limit exceeded."}), status=429,
                                    headers=headers, mimetype="application/json")
                return Response("<html><body>Rate limit exceeded</body></html>", status=429,
                                headers=headers, mimetype="text/html")
            raise ApiError(fault["status"], f"dcsim injected HTTP {fault['status']}", headers=headers)
    g.principal = auth.ANONYMOUS
    if request.path.startswith("/_dcsim/health"):
        return None
    if basicauth.blocked(sim, request.path, request.headers.get("Authorization")):
        # REST reference §12.2: the block answers before the credentials are checked, in this body on every path.
        return Response(families.dumps({"message": basicauth.BLOCKED_MESSAGE}), status=403,
                        mimetype="application/json")
    # token and revoke authenticate the OAuth 2.0 client (HTTP Basic = clientId:clientSecret), not a user.
    if request.path not in _XSRF_EXEMPT:
        g.principal = auth.resolve(sim, request.headers.get("Authorization"), request.cookies.get("JSESSIONID"),
                                   method=request.method, url=request.url, headers=dict(request.headers),
                                   body=request.get_data(cache=True))
    allowed, headers = sim.rate_limiter.check(g.principal.username or request.remote_addr)
    g.rate_headers = headers
    if not allowed:
        body = families.dumps({"message": "Rate limit exceeded."})
        if "application/json" in request.headers.get("Accept", ""):
            return Response(body, status=429, headers=headers, mimetype="application/json")
        return Response("<html><body>Rate limit exceeded</body></html>", status=429, headers=headers,
                        mimetype="text/html")
    if (request.method == "POST" and request.path.startswith("/rest/")
            and request.path not in _XSRF_EXEMPT
            and (request.mimetype or "") in _XSRF_FORM_TYPES
            and request.headers.get("X-Atlassian-Token") not in ("no-check", "nocheck")):
        raise ApiError(403, "XSRF check failed", kind="plain")
    # OAuth 2.0 tokens with a read-only scope may only read (REST reference §6: limited by the granted scope).
    if (g.principal.via == "oauth2" and request.method not in ("GET", "HEAD")
            and auth.read_only_scope(g.principal.scope)):
        raise ApiError(403, "The OAuth 2.0 token's scope does not allow this request.")
    return None


# Resources whose answers carry Cache-Control: no-cache (NoCacheHeaderInterceptor of the applinks plugins).
_NO_CACHE_PREFIXES = ("/rest/applinks/", "/rest/applinks-oauth/")


def _after(response):
    for key, value in (getattr(g, "rate_headers", None) or {}).items():
        response.headers.setdefault(key, value)
    if request.path.startswith(_NO_CACHE_PREFIXES):
        response.headers.setdefault("Cache-Control", "no-cache")
    if not request.path.startswith("/_dcsim"):
        fault = getattr(g, "fault", None)
        dropped = bool(fault and fault["action"] in ("drop", "drop_after"))
        entry = {"method": request.method, "path": request.script_root + request.path,
                 "status": response.status_code, "host": request.host, "serverCall": is_server_call()}
        if request.query_string:
            entry["query"] = request.query_string.decode("latin-1")
        if dropped:
            entry["dropped"] = True
        if getattr(g, "refused", False):
            entry["refused"] = True
        _sim().log.add(entry)
        if fault and fault["action"] == "drop_after":
            _drop_connection()
    return response


def _sim():
    from flask import current_app
    return current_app.extensions["dcsim"]


def _handle_http(exc):
    return render_error(ApiError(exc.code or 500, exc.description or exc.name))


def _handle_unexpected(exc):
    log.exception("unhandled error")
    return render_error(ApiError(500, "Internal server error"))


def create_flask_app(config):
    app = Flask("dcsim")
    app.extensions["dcsim"] = Sim(config)
    app.before_request(_before)
    app.after_request(_after)
    app.register_error_handler(ApiError, render_error)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
    # Every module in dcsim/routes exposing `blueprint` is mounted; `setup(app)` runs if present.
    for info in sorted(pkgutil.iter_modules(routes_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"dcsim.routes.{info.name}")
        if hasattr(module, "blueprint"):
            app.register_blueprint(module.blueprint)
        if hasattr(module, "setup"):
            module.setup(app)
    return app


def create_app(config):
    """The WSGI app, mounted under the product's context path like the real product."""
    flask_app = create_flask_app(config)
    context = config.context_path
    if not context:
        return flask_app, flask_app

    def outside(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found (outside the context path)"]

    return DispatcherMiddleware(outside, {context: flask_app}), flask_app
