"""`python -m dcsim serve ...`: one simulated product per process."""

import argparse
import json
import logging
import sys
from pathlib import Path

from dcsim import versions
from dcsim.config import DEFAULT_USERS, SimConfig
from dcsim.products import PRODUCTS


def _parse_user(text):
    try:
        name, password, role = text.split(":", 2)
    except ValueError:
        raise argparse.ArgumentTypeError("--user takes NAME:PASSWORD:ROLE")
    if role not in ("sysadmin", "admin", "user"):
        raise argparse.ArgumentTypeError("ROLE must be sysadmin, admin or user")
    return name, (password, role)


def build_parser():
    parser = argparse.ArgumentParser(prog="dcsim", description="Simulated Atlassian Data Center link store.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve one simulated product")
    serve.add_argument("--product", choices=sorted(PRODUCTS), required=True)
    serve.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = a free port)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--data", required=True, type=Path, help="data directory (SQLite, keys, certificates)")
    serve.add_argument("--ca-dir", type=Path, help="directory of the CA shared by several instances "
                                                   "(default: the data directory)")
    serve.add_argument("--base-url", default="", help="base URL to report (default: scheme://host:port/context, "
                                                      "with --public-host as host when given)")
    serve.add_argument("--public-host", default=None, metavar="NAME",
                       help="the host name of the base URL, which browsers use (e.g. localhost); other servers "
                            "reach the instance on --host (the proxied layout); the certificate carries both")
    serve.add_argument("--refuse-server-calls-on-public-name", action="store_true",
                       help="drop server-to-server calls that arrive on the public name, as an unreachable "
                            "proxy would: a link built on it fails like one to an unreachable remote")
    serve.add_argument("--context-path", default=None, help="context path (default: the product's, e.g. "
                                                            "/confluence)")
    serve.add_argument("--dev-mode", action="store_true",
                       help="atlassian.dev.mode: plain HTTP allowed, OAuth 2.0 HTTPS checks relaxed")
    serve.add_argument("--http", action="store_true",
                       help="serve plain HTTP (implies nothing else; the OAuth 2.0 APIs then need --dev-mode)")
    serve.add_argument("--user", action="append", type=_parse_user, default=[],
                       help="NAME:PASSWORD:ROLE (repeatable; replaces the default users)")
    serve.add_argument("--provider-https-check", action="store_true",
                       help="refuse the OAuth 2.0 provider client API on a non-HTTPS base URL (plugin 3.1.5 has "
                            "the filter but applies it to no resource; for testing clients against a product "
                            "that would)")
    serve.add_argument("--rate-limit", type=int, default=None, metavar="CAPACITY",
                       help="token bucket capacity per user (1 token per second refill)")
    serve.add_argument("--version", default=None, metavar="X.Y.Z",
                       help="product version to play (default: the current LTS line; see dcsim/README.md)")
    serve.add_argument("--jsm", action="store_true",
                       help="Jira only: Jira Service Management (adds its OAuth 2.0 scope JSM_KB)")
    serve.add_argument("--basic-auth", choices=("on", "off"), default=None,
                       help="allow (on) or block (off) Basic authentication on REST calls, overriding the "
                            "version's default; stored like PUT /rest/basicauth/1.0/config")
    sub.add_parser("users", help="print the default users")
    pat = sub.add_parser("pat", help="print a new personal access token of a user of an instance (running or not)")
    pat.add_argument("--data", required=True, type=Path, help="the instance's data directory")
    pat.add_argument("--user", required=True, help="user name")
    pat.add_argument("--name", default=None, help="token name (default: dcsim-cli)")
    pat.add_argument("--days", type=int, default=None, help="expiry in days (default: never)")
    return parser


def _pat(args):
    from dcsim.services import pat_cli  # late: like serve, keeps `dcsim users` light

    try:
        print(pat_cli.issue(args.data, args.user, args.name, args.days), flush=True)
    except pat_cli.PatError as exc:
        print(f"dcsim pat: error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "users":
        print(json.dumps({name: {"password": p, "role": r} for name, (p, r) in DEFAULT_USERS.items()}, indent=2))
        return 0
    if args.command == "pat":
        return _pat(args)
    try:
        versions.profile(args.product, args.version, jsm=args.jsm)
    except versions.UnknownVersion as exc:
        parser.error(str(exc))
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from dcsim.server import Instance  # late: keeps `dcsim users` free of server imports

    context = args.context_path
    if context is not None and context and not context.startswith("/"):
        context = "/" + context
    config = SimConfig.for_product(
        args.product, args.data, base_url=args.base_url.rstrip("/"), dev_mode=args.dev_mode,
        https=not args.http, ca_dir=args.ca_dir, context_path=context.rstrip("/") if context else context,
        provider_client_https_check=args.provider_https_check, rate_limit_capacity=args.rate_limit,
        version=args.version, jsm=args.jsm, basic_auth=None if args.basic_auth is None else args.basic_auth == "on",
        public_host=args.public_host, refuse_server_calls_on_public_name=args.refuse_server_calls_on_public_name)
    if args.user:
        config.users = dict(args.user)
    Instance(config, host=args.host, port=args.port).serve_forever()
    return 0
