# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From the connection options to a Transport: the auth method in use, the checks made before any request
(plain http, TLS files, numbers) and the Transport they build."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.checks import (
    check_ca_file, check_client_cert, check_url)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import Transport


class BasicAuthMethod(object):
    """HTTP Basic of an administrator (REST reference §1.8)."""

    what = "the password"

    @staticmethod
    def validate(params):
        if not (params.get("username") and params.get("password")):
            raise InputError("password", "set username and password (HTTP Basic of an administrator), or token "
                                         "(a personal access token); also read from ATLASSIAN_USERNAME, "
                                         "ATLASSIAN_PASSWORD, ATLASSIAN_TOKEN")

    @staticmethod
    def transport_args(params):
        return {"username": params.get("username"), "password": params.get("password")}


class TokenAuthMethod(object):
    """A personal access token, sent as Bearer (REST reference §1.8)."""

    what = "the token"

    @staticmethod
    def validate(params):
        if params.get("username"):
            raise InputError("username", "is not used with token (a personal access token identifies its user); "
                                         "set either token, or username and password")

    @staticmethod
    def transport_args(params):
        return {"token": params.get("token")}


AUTH_METHODS = {"basic": BasicAuthMethod, "token": TokenAuthMethod}


def auth_method(params):
    """The auth option group in use: token when set, else basic."""
    return AUTH_METHODS["token" if params.get("token") else "basic"]


def plain_http(params):
    return params["url"].lower().startswith("http://")


def validate_connection(params):
    """Checks Ansible's argspec cannot express; raises InputError naming the option. Sends nothing."""
    check_url("url", params["url"])
    method = auth_method(params)
    method.validate(params)
    if plain_http(params) and not params.get("allow_insecure_http"):
        raise InputError("url", "uses plain http: %s would cross the network in clear text on every request, "
                                "readable by anyone on the path; use the product's https URL, or set "
                                "allow_insecure_http: true (a test instance on a trusted network only)" % method.what)
    if params.get("timeout") is not None and params["timeout"] <= 0:
        raise InputError("timeout", "must be a positive number of seconds")
    if params.get("retries") is not None and params["retries"] < 0:
        raise InputError("retries", "must be 0 or more")
    if params.get("ca_path") and params.get("validate_certs", True):
        check_ca_file("ca_path", params["ca_path"])
    check_client_cert("client_cert", params.get("client_cert"), "client_key", params.get("client_key"))


def transport_from_params(params, warn=None):
    """The Transport of validated connection options; warns on every run that uses plain http."""
    method = auth_method(params)
    if warn and plain_http(params):
        warn("url uses plain http (allow_insecure_http): %s is sent in clear text on every request; use an https "
             "url" % method.what)
    return Transport(params["url"], validate_certs=params["validate_certs"], ca_path=params.get("ca_path"),
                     timeout=params["timeout"], retries=params["retries"], warn=warn,
                     client_cert=params.get("client_cert"), client_key=params.get("client_key"),
                     use_proxy=params.get("use_proxy", True), **method.transport_args(params))


def anonymous_transport(params, url, timeout=None, retries=None):
    """A Transport to another application (a remote product's manifest): no credentials, same TLS and proxy."""
    return Transport(url, validate_certs=params["validate_certs"], ca_path=params.get("ca_path"),
                     timeout=timeout or params["timeout"], retries=params["retries"] if retries is None else retries,
                     use_proxy=params.get("use_proxy", True))
