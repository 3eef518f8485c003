# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks made before any request; each raises InputError naming the option."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import ssl

from ansible.module_utils.six.moves.urllib.parse import urlparse

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import InputError

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


# --- TLS files (ca_path, client_cert, client_key): checked before any request ---------------------------

PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----"
MAX_PEM_BYTES = 10 * 1024 * 1024


def _read_file(path):
    with open(path, "rb") as handle:
        return handle.read(MAX_PEM_BYTES)


def _read_pem(option, path):
    """The text of a readable regular file, or InputError naming the option and the cause."""
    if not os.path.exists(path):
        raise InputError(option, "file not found: %s" % path)
    if os.path.isdir(path):
        raise InputError(option, "is a directory, not a PEM file: %s" % path)
    try:
        data = _read_file(path)
    except (IOError, OSError) as exc:
        raise InputError(option, "cannot read %s (%s)" % (path, exc.strerror or exc))
    return data.decode("ascii", "replace")


def check_ca_file(option, path):
    """A PEM file with at least one certificate that OpenSSL can load."""
    text = _read_pem(option, path)
    if PEM_CERTIFICATE not in text:
        raise InputError(option, "%s is not a PEM certificate file (no '%s' block)" % (path, PEM_CERTIFICATE))
    try:
        ssl.create_default_context(cafile=path)
    except (ssl.SSLError, ValueError) as exc:
        raise InputError(option, "%s holds no certificate that can be loaded (%s)" % (path, _ssl_reason(exc)))


def check_client_cert(cert_option, cert_path, key_option, key_path):
    """client_cert (a PEM certificate, optionally with its key) and client_key (an unencrypted PEM key)."""
    if key_path and not cert_path:
        raise InputError(key_option, "needs %s (the certificate of this key)" % cert_option)
    if not cert_path:
        return
    check_ca_file(cert_option, cert_path)
    if key_path:
        key_text = _read_pem(key_option, key_path)
        if "PRIVATE KEY-----" not in key_text:
            raise InputError(key_option, "%s is not a PEM private key (no '-----BEGIN ... PRIVATE KEY-----' "
                                         "block)" % key_path)
        if "ENCRYPTED" in key_text:
            raise InputError(key_option, "%s is encrypted; the client needs an unencrypted key" % key_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        # A password callback that answers nothing: OpenSSL must never prompt on a terminal.
        context.load_cert_chain(cert_path, key_path, password=lambda: b"")
    except (ssl.SSLError, OSError, ValueError) as exc:
        if key_path:
            raise InputError(key_option, "%s cannot be used with %s (%s); it must be the unencrypted private "
                                         "key of that certificate" % (key_path, cert_option, _ssl_reason(exc)))
        raise InputError(cert_option, "%s holds no usable private key (%s); put the key in it or set %s"
                         % (cert_path, _ssl_reason(exc), key_option))


def _ssl_reason(exc):
    return getattr(exc, "reason", None) or str(exc)
