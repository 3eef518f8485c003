# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks made before any request; each raises InputError naming the option."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import urlparse

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._errors import InputError

MAX_NAME = 255


def check_url(option, value, https_only=False):
    if value is None:
        return
    parsed = urlparse(value)
    if "@" in parsed.netloc:
        # Never echoed: the user info may hold a password.
        raise InputError(option, "must not contain credentials (user info); use the username and password, or "
                                 "token, options")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(option, "must be an absolute http(s) URL, got '%s'"
                         % (value if "@" not in value else "(not shown: it contains '@')"))
    try:
        parsed.port
    except ValueError:
        raise InputError(option, "has an invalid port, got '%s'" % value)
    if parsed.fragment:
        raise InputError(option, "must not contain a #fragment")
    if https_only and parsed.scheme != "https":
        raise InputError(option, "must use https (the product requires HTTPS here), got '%s'" % value)


def check_name(option, value):
    if value is None or not str(value).strip():
        raise InputError(option, "must not be empty")
    if len(value) > MAX_NAME:
        raise InputError(option, "must be at most %d characters (got %d)" % (MAX_NAME, len(value)))


def check_list(option, values):
    if values is None:
        return
    for index, item in enumerate(values):
        if item is None or not str(item).strip():
            raise InputError(option, "item %d is blank" % (index + 1))
