# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The options below are generated from the table in plugins/module_utils/transport/options.py (the modules'
    # argument spec and the roles' applinks_<option> variables come from it too); a unit test fails when they
    # differ and prints the text to paste here
    # (tests/unit/plugins/module_utils/transport/test_connection_options.py).
    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the product, including any context path, for example
        C(https://confluence.example.com/confluence).
      - A C(http://) URL is refused before any request unless O(allow_insecure_http=true).
      - If not set, the environment variable E(ATLASSIAN_URL) is used.
    type: str
    required: true
  username:
    description:
      - User name for HTTP Basic authentication. The user must be an administrator; the OAuth 2.0 APIs need a
        system administrator.
      - If not set, the environment variable E(ATLASSIAN_USERNAME) is used.
    type: str
  password:
    description:
      - Password for O(username).
      - Mutually exclusive with O(token).
      - If not set, the environment variable E(ATLASSIAN_PASSWORD) is used.
    type: str
  token:
    description:
      - "Personal access token, sent as C(Authorization: Bearer)."
      - Mutually exclusive with O(password).
      - If not set, the environment variable E(ATLASSIAN_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the product's TLS certificate.
      - If not set, the environment variable E(ATLASSIAN_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificates used to verify the product's certificate.
      - Checked before any request is sent; a missing, unreadable or non-PEM file fails the task. Not used
        when O(validate_certs=false).
      - If not set, the environment variable E(ATLASSIAN_CA_PATH) is used.
    type: path
  client_cert:
    description:
      - PEM file of a client certificate for mutual TLS (for example a proxy in front of the product that asks
        for one). It may also hold the private key.
      - Checked before any request is sent.
    type: path
  client_key:
    description:
      - PEM file of the unencrypted private key of O(client_cert), when the key is not in that file.
      - Needs O(client_cert).
    type: path
  use_proxy:
    description:
      - Whether to honour the standard proxy environment variables E(HTTPS_PROXY), E(HTTP_PROXY) and
        E(NO_PROXY) (and their lower-case forms).
      - With V(false) they are ignored and the product is reached directly.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each request.
      - If not set, the environment variable E(ATLASSIAN_TIMEOUT) is used.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is retried after HTTP 429 (waiting for C(Retry-After), capped at 60 seconds),
        and after HTTP 502, 503, 504 or a connection failure (GET, PUT and DELETE only, with jittered
        backoff).
      - A create (POST) is never re-sent blindly; after an ambiguous failure the object is looked up by name.
    type: int
    default: 3
  allow_insecure_http:
    description:
      - Allow a C(http://) O(url). The password or token then crosses the network in clear text on every
        request, readable by anyone on the path; the module warns on every run.
      - Only for a test instance on a trusted network; use an HTTPS URL for real products.
      - If not set, the environment variable E(ATLASSIAN_ALLOW_INSECURE_HTTP) is used.
    type: bool
    default: false
notes:
  - "The modules run on the controller; use C(connection: local) or C(delegate_to: localhost)."
  - "The roles take every connection option from a host variable of the same name with the prefix C(applinks_),
    for example C(applinks_client_cert) or C(applinks_use_proxy)."
  - "Every request sends C(Accept: application/json), C(X-Atlassian-Token: no-check) and a non-browser
    C(User-Agent), and no cookies, so that websudo and XSRF checks do not apply."
  - "The client is stateless: every request carries the credentials (HTTP Basic or the token); cookies the
    product sets (such as C(JSESSIONID)) are dropped, no HTTP session is kept, and nothing is written to disk.
    Redirects are not followed: a redirect fails the task and names its target."
  - "A C(http://) O(url) is refused before any request: the password or token would travel in clear text. With
    O(allow_insecure_http=true) the module sends it anyway and warns on every run."
  - "Unset means unmanaged: an option you do not set is never compared or changed on an existing object;
    defaults (for example an incoming link's scope C(READ), a link's display URL) apply only when the object is
    created. An empty value (an empty string or list where the option allows it) is a value, not unset."
  - "A reply that is not what the API returns (an HTML page from a proxy, broken JSON, JSON of the wrong
    shape, an unexpected status) fails the task with one message naming the request, the status and a short
    excerpt of the body with secret-looking values masked."
requirements:
  - requests
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check mode and return the predicted changed status and result without changing the product.
    support: full
  diff_mode:
    description: Returns the object before and after the change (secrets masked) in diff mode.
    support: full
"""
