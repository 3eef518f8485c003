# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options: their argspec, environment fallbacks and validation, and the Transport they build."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import InputError
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._transport import Transport
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._validate import check_url

CONNECTION_ARGSPEC = dict(
    url=dict(type="str", required=True, fallback=(env_fallback, ["ATLASSIAN_URL"])),
    username=dict(type="str", fallback=(env_fallback, ["ATLASSIAN_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["ATLASSIAN_PASSWORD"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["ATLASSIAN_TOKEN"])),
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path"),
    timeout=dict(type="int", default=30),
    retries=dict(type="int", default=3),
)

CONNECTION_MUTUALLY_EXCLUSIVE = [("password", "token")]


def connection_argspec(**module_options):
    spec = dict(CONNECTION_ARGSPEC)
    spec.update(module_options)
    return spec


def validate_connection(params):
    """Checks Ansible's argspec cannot express; raises InputError naming the option."""
    check_url("url", params["url"])
    if params.get("token"):
        if params.get("username"):
            raise InputError("username", "is not used with token (a personal access token identifies its user); "
                                         "set either token, or username and password")
    elif not (params.get("username") and params.get("password")):
        raise InputError("password", "set username and password (HTTP Basic of an administrator), or token "
                                     "(a personal access token); also read from ATLASSIAN_USERNAME, "
                                     "ATLASSIAN_PASSWORD, ATLASSIAN_TOKEN")
    if params.get("timeout") is not None and params["timeout"] <= 0:
        raise InputError("timeout", "must be a positive number of seconds")
    if params.get("retries") is not None and params["retries"] < 0:
        raise InputError("retries", "must be 0 or more")


def transport_from_params(params, warn=None):
    return Transport(params["url"], username=params.get("username"), password=params.get("password"),
                     token=params.get("token"), validate_certs=params["validate_certs"],
                     ca_path=params.get("ca_path"), timeout=params["timeout"], retries=params["retries"],
                     warn=warn)
