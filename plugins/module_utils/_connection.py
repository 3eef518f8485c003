# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options: their argspec, environment fallbacks and validation, and the Transport they build."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._transport import Transport
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._validate import (
    check_ca_file, check_client_cert, check_url)

CONNECTION_ARGSPEC = dict(
    url=dict(type="str", required=True, fallback=(env_fallback, ["ATLASSIAN_URL"])),
    username=dict(type="str", fallback=(env_fallback, ["ATLASSIAN_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["ATLASSIAN_PASSWORD"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["ATLASSIAN_TOKEN"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["ATLASSIAN_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["ATLASSIAN_CA_PATH"])),
    client_cert=dict(type="path"),
    client_key=dict(type="path", no_log=False),
    use_proxy=dict(type="bool", default=True),
    timeout=dict(type="int", default=30, fallback=(env_fallback, ["ATLASSIAN_TIMEOUT"])),
    retries=dict(type="int", default=3),
)

CONNECTION_MUTUALLY_EXCLUSIVE = [("password", "token")]


def connection_argspec(**module_options):
    spec = dict(CONNECTION_ARGSPEC)
    spec.update(module_options)
    return spec


class BasicAuthMethod(object):
    """HTTP Basic of an administrator (REST reference §1.8)."""

    @staticmethod
    def validate(params):
        if not (params.get("username") and params.get("password")):
            raise InputError("password", "set username and password (HTTP Basic of an administrator), or token "
                                         "(a personal access token); also read from ATLASSIAN_USERNAME, "
                                         "ATLASSIAN_PASSWORD, ATLASSIAN_TOKEN")

    @staticmethod
    def transport_args(params):
        return {"username": params.get("username"), "password": params.get("password")}

    what = "the password"


class TokenAuthMethod(object):
    """A personal access token, sent as Bearer (REST reference §1.8)."""

    @staticmethod
    def validate(params):
        if params.get("username"):
            raise InputError("username", "is not used with token (a personal access token identifies its user); "
                                         "set either token, or username and password")

    @staticmethod
    def transport_args(params):
        return {"token": params.get("token")}

    what = "the token"


AUTH_METHODS = {"basic": BasicAuthMethod, "token": TokenAuthMethod}


def auth_method(params):
    """The auth option group in use: token when set, else basic."""
    return AUTH_METHODS["token" if params.get("token") else "basic"]


def validate_connection(params):
    """Checks Ansible's argspec cannot express; raises InputError naming the option. Sends nothing."""
    check_url("url", params["url"])
    auth_method(params).validate(params)
    if params.get("timeout") is not None and params["timeout"] <= 0:
        raise InputError("timeout", "must be a positive number of seconds")
    if params.get("retries") is not None and params["retries"] < 0:
        raise InputError("retries", "must be 0 or more")
    if params.get("ca_path") and params.get("validate_certs", True):
        check_ca_file("ca_path", params["ca_path"])
    check_client_cert("client_cert", params.get("client_cert"), "client_key", params.get("client_key"))


def transport_from_params(params, warn=None):
    method = auth_method(params)
    if warn and params["url"].lower().startswith("http://"):
        warn("url uses plain http: %s is sent in clear text on every request; use an https url"
             % method.what)
    kwargs = method.transport_args(params)
    return Transport(params["url"], validate_certs=params["validate_certs"], ca_path=params.get("ca_path"),
                     timeout=params["timeout"], retries=params["retries"], warn=warn,
                     client_cert=params.get("client_cert"), client_key=params.get("client_key"),
                     use_proxy=params.get("use_proxy", True), **kwargs)
