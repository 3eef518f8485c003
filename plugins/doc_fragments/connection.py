# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the product, including any context path, for example C(https://confluence.example.com/confluence).
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
      - If not set, the environment variable E(ATLASSIAN_PASSWORD) is used.
      - Mutually exclusive with O(token).
    type: str
  token:
    description:
      - "Personal access token, sent as C(Authorization: Bearer)."
      - If not set, the environment variable E(ATLASSIAN_TOKEN) is used.
      - Mutually exclusive with O(password).
    type: str
  validate_certs:
    description:
      - Whether to verify the product's TLS certificate.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificates used to verify the product's certificate.
    type: path
  timeout:
    description:
      - Seconds to wait for each request.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is retried after HTTP 429 (waiting for C(Retry-After), capped at 60 seconds),
        and after HTTP 502, 503, 504 or a connection failure (GET, PUT and DELETE only, with jittered backoff).
      - A create (POST) is never re-sent blindly; after an ambiguous failure the object is looked up by name.
    type: int
    default: 3
notes:
  - "The modules run on the controller; use C(connection: local) or C(delegate_to: localhost)."
  - "Every request sends C(Accept: application/json), C(X-Atlassian-Token: no-check) and a non-browser
    C(User-Agent), and no cookies, so that websudo and XSRF checks do not apply."
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
