# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options, in one table: the modules' argument spec, the documentation of the doc fragment
`atlassian_dc.applinks.connection` (generated from this table; a unit test fails when they differ) and the roles'
`applinks_<option>` host variables all come from it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

ROLE_VARIABLE_PREFIX = "applinks_"


class ConnectionOption(object):
    """One connection option: its argument spec, its environment fallback and its documentation."""

    def __init__(self, name, type, description, default=None, required=False, env=None, no_log=None):
        self.name = name
        self.type = type
        self.description = list(description)
        self.default = default
        self.required = required
        self.env = env
        self.no_log = no_log

    @property
    def role_variable(self):
        return ROLE_VARIABLE_PREFIX + self.name

    def argspec(self):
        spec = {"type": self.type}
        if self.required:
            spec["required"] = True
        if self.default is not None:
            spec["default"] = self.default
        if self.no_log is not None:
            spec["no_log"] = self.no_log
        if self.env:
            spec["fallback"] = (env_fallback, [self.env])
        return spec

    def documentation(self):
        doc = {"description": list(self.description), "type": self.type}
        if self.env:
            doc["description"].append("If not set, the environment variable E(%s) is used." % self.env)
        if self.required:
            doc["required"] = True
        if self.default is not None:
            doc["default"] = self.default
        return doc


CONNECTION_OPTIONS = (
    ConnectionOption("url", "str", required=True, env="ATLASSIAN_URL", description=[
        "Base URL of the product, including any context path, for example "
        "C(https://confluence.example.com/confluence).",
        "A C(http://) URL is refused before any request unless O(allow_insecure_http=true)."]),
    ConnectionOption("username", "str", env="ATLASSIAN_USERNAME", description=[
        "User name for HTTP Basic authentication. The user must be an administrator; the OAuth 2.0 APIs need a "
        "system administrator."]),
    ConnectionOption("password", "str", no_log=True, env="ATLASSIAN_PASSWORD", description=[
        "Password for O(username).",
        "Mutually exclusive with O(token)."]),
    ConnectionOption("token", "str", no_log=True, env="ATLASSIAN_TOKEN", description=[
        "Personal access token, sent as C(Authorization: Bearer).",
        "Mutually exclusive with O(password)."]),
    ConnectionOption("validate_certs", "bool", default=True, env="ATLASSIAN_VALIDATE_CERTS", description=[
        "Whether to verify the product's TLS certificate."]),
    ConnectionOption("ca_path", "path", env="ATLASSIAN_CA_PATH", description=[
        "PEM file of the CA certificates used to verify the product's certificate.",
        "Checked before any request is sent; a missing, unreadable or non-PEM file fails the task. Not used when "
        "O(validate_certs=false)."]),
    ConnectionOption("client_cert", "path", description=[
        "PEM file of a client certificate for mutual TLS (for example a proxy in front of the product that asks "
        "for one). It may also hold the private key.",
        "Checked before any request is sent."]),
    ConnectionOption("client_key", "path", no_log=False, description=[
        "PEM file of the unencrypted private key of O(client_cert), when the key is not in that file.",
        "Needs O(client_cert)."]),
    ConnectionOption("use_proxy", "bool", default=True, description=[
        "Whether to honour the standard proxy environment variables E(HTTPS_PROXY), E(HTTP_PROXY) and "
        "E(NO_PROXY) (and their lower-case forms).",
        "With V(false) they are ignored and the product is reached directly."]),
    ConnectionOption("timeout", "int", default=30, env="ATLASSIAN_TIMEOUT", description=[
        "Seconds to wait for each request."]),
    ConnectionOption("retries", "int", default=3, description=[
        "How many times a request is retried after HTTP 429 (waiting for C(Retry-After), capped at 60 seconds), "
        "and after HTTP 502, 503, 504 or a connection failure (GET, PUT and DELETE only, with jittered backoff).",
        "A create (POST) is never re-sent blindly; after an ambiguous failure the object is looked up by name."]),
    ConnectionOption("allow_insecure_http", "bool", default=False, env="ATLASSIAN_ALLOW_INSECURE_HTTP",
                     description=[
                         "Allow a C(http://) O(url). The password or token then crosses the network in clear text "
                         "on every request, readable by anyone on the path; the module warns on every run.",
                         "Only for a test instance on a trusted network; use an HTTPS URL for real products."]),
)
CONNECTION_MUTUALLY_EXCLUSIVE = [("password", "token")]
OPTION_NAMES = tuple(option.name for option in CONNECTION_OPTIONS)


def connection_argspec(**module_options):
    """The argument spec of a module: the connection options plus its own."""
    spec = dict((option.name, option.argspec()) for option in CONNECTION_OPTIONS)
    spec.update(module_options)
    return spec


def role_variable(option_name):
    """The host variable of the roles that sets a connection option, or None for another option."""
    return ROLE_VARIABLE_PREFIX + option_name if option_name in OPTION_NAMES else None


def options_from_host_vars(host_vars):
    """The connection options set by a product host's applinks_<option> variables: unset and empty ones are left
    out (an emptied group default is unset), and a token wins over username and password."""
    options = {}
    for option in CONNECTION_OPTIONS:
        value = host_vars.get(option.role_variable)
        if value is not None and value != "":
            options[option.name] = value
    if options.get("token"):
        options.pop("username", None)
        options.pop("password", None)
    return options


def documented_options():
    """The `options` of the doc fragment, as this table documents them."""
    return dict((option.name, option.documentation()) for option in CONNECTION_OPTIONS)
