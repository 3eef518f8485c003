# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re


class ModuleDocFragment(object):
    # The options of one object of each kind, written once: as the options of the single-object modules
    # (INCOMING, OUTGOING, LINK) and, computed from those texts below the class, as the items of product_links'
    # lists (INCOMING_ITEMS, OUTGOING_ITEMS, LINK_ITEMS), which take the options of *_EXTRA too. The argument
    # specs they document: plugins/module_utils/model/item_options.py.

    INCOMING = r"""
options:
  name:
    description: Name of the incoming link, shown in the link list. Unique on the product.
    type: str
    required: true
  redirect_uris:
    description:
      - Redirect (callback) URLs of the remote application. Required to create the incoming link; not managed on an
        existing link when unset.
      - The product requires HTTPS unless the host is C(localhost) (or it runs in dev mode or with its skip property);
        its own answer is reported when it refuses a URL.
    type: list
    elements: str
  scope:
    description:
      - Permission granted to the remote application, one or more of the product's scope names separated by spaces
        (Jira and Confluence C(READ), C(WRITE), C(ADMIN), C(SYSTEM_ADMIN), and from Jira 10.3 and Confluence 9.2
        C(READ_ALL), C(MANAGE_SUBSCRIPTIONS); Bitbucket C(REPO_READ) and others), in any order. An unknown scope fails
        before any write with the list of scopes the product supports.
      - Not managed on an existing link when unset; a new link gets C(READ).
    type: str
  regenerate_secret:
    description: Reset the client secret (the client id stays). Always reports a change.
    type: bool
    default: false
  state:
    description: Whether the incoming link should exist.
    type: str
    choices: [present, absent]
    default: present
"""

    INCOMING_EXTRA = r"""
options:
  held_by_peer:
    description:
      - What the application using this link holds, C({client_id, secret_fingerprint}) (its outgoing link's client
        id and recorded fingerprint). When the product does not return secrets, a new secret is generated if the
        peer holds another client id or no recorded secret, so that there is one to hand over.
    type: dict
  exclusive:
    description:
      - Other incoming links with exactly these redirect URIs, under another name, are removed (the same application
        under an old name, e.g. a renamed peer product).
    type: bool
    default: false
"""

    OUTGOING = r"""
options:
  name:
    description: Name of the outgoing link. Unique on the product.
    type: str
    required: true
  provider:
    description:
      - Service provider. V(google) and V(microsoft) fill in their public endpoints.
      - V(custom) is the admin screen's name for V(generic).
    type: str
    choices: [generic, custom, google, microsoft]
    default: generic
  remote_url:
    description:
      - Base URL of a remote Atlassian Data Center product acting as OAuth 2.0 provider. Derives
        O(authorization_endpoint) (C(<remote_url>/rest/oauth2/latest/authorize)) and O(token_endpoint)
        (C(<remote_url>/rest/oauth2/latest/token)).
      - Mutually exclusive with O(authorization_endpoint) and O(token_endpoint).
    type: str
  authorization_endpoint:
    description:
      - Authorization endpoint of the remote provider. Compared exactly, a trailing C(/) included (it is part of the
        redirect URI's suffix).
    type: str
  token_endpoint:
    description: Token endpoint of the remote provider.
    type: str
  scopes:
    description:
      - Scopes to request. Required to create the link, except with O(remote_url), which defaults it to C([READ]);
        not managed on an existing link when unset (without O(remote_url)).
    type: list
    elements: str
  client_id:
    description: Client id issued by the remote provider. Required when O(state=present).
    type: str
  client_secret:
    description:
      - Client secret issued by the remote provider. Required to create the link, and whenever O(client_id) or an
        endpoint changes (the product would otherwise keep the old secret with the new client id).
      - The product never returns it; see O(update_secret) and O(secret_origin).
    type: str
  secret_origin:
    description:
      - Who chose O(client_secret); it decides what the link records about the secret it holds (the product never
        returns it), at the end of its description.
      - V(user) (a secret typed or chosen by a person, for example for a custom or in-house provider) records
        C([applinks:secret=scrypt:<salt>:<digest>]), a salted scrypt of client id, colon and secret that costs
        about 0.1 s and 32 MiB per guess, so that whoever can read descriptions (administrators, backups, support
        zips) cannot test guesses at speed.
      - V(product) (a secret a product generated, random and 256 bits long, as an Atlassian product's incoming link
        issues it; the two-way link role uses it) records C([applinks:secret=<12 hex digits>]), the first 48 bits of
        SHA-256 over client id, colon and secret, which is cheap to compare and reveals nothing of such a secret.
      - A record written by an earlier version (the short form, for any secret) is still understood, and replaced by
        the form of O(secret_origin) the next time the secret is sent.
    type: str
    choices: [user, product]
    default: user
  description:
    description:
      - Description of the outgoing link. Not managed on an existing link when unset; an empty string clears it.
      - The record of the secret the module keeps at its end is not part of this value.
    type: str
  update_secret:
    description:
      - V(when_changed) sends O(client_secret) when the link is created, when O(client_id) or an endpoint
        changes, and when the link's record is not the record of O(client_secret) (a secret reset at the
        provider, an interrupted rotation, a secret pushed by hand).
      - V(on_create) sends it only when the link is created (and when O(client_id) or an endpoint changes).
      - V(always) sends it on every run, which then always reports a change.
    type: str
    choices: [when_changed, on_create, always]
    default: when_changed
  state:
    description: Whether the outgoing link should exist.
    type: str
    choices: [present, absent]
    default: present
"""

    OUTGOING_EXTRA = r"""
options:
  exclusive:
    description:
      - Other outgoing links with the same authorization endpoint, under another name, are removed (the same provider
        under an old name, e.g. a renamed peer product).
    type: bool
    default: false
"""

    LINK = r"""
options:
  name:
    description:
      - Name of the link, shown in the link list. Unique on the product; at most 255 characters.
      - A name held by a link to another application (another RPC URL, and another id or type) fails before any
        write, naming that link. A new link that the product renamed because another run took the name meanwhile
        (C(Name - 2)) is deleted again, with a warning, and the run converges on the link that has the name.
    type: str
    required: true
  type:
    description:
      - Type of the remote application. V(bitbucket) is sent as the type id C(stash).
      - Required when O(state=present).
      - For an Atlassian type the remote's manifest must report the same type.
    type: str
    choices: [jira, confluence, bitbucket, bamboo, fecru, crowd, generic]
  remote_url:
    description:
      - Base URL of the remote application, which this product uses to reach it (the link's RPC URL). An absolute
        http(s) URL. Required when O(state=present).
      - When an existing link points elsewhere, see O(relocate).
    type: str
  display_url:
    description:
      - URL that users follow to reach the remote application.
      - Not managed on an existing link when unset (a display URL set in the UI is kept); on create defaults to
        O(remote_url). A relocation (see O(relocate)) moves the display URL to the new O(remote_url) unless
        this is set.
    type: str
  primary:
    description:
      - Whether the link is the primary link of its type.
      - Not managed on an existing link when unset; on create the product decides (the first link of a type becomes
        primary).
      - Making a link primary makes the previous primary link of that type a non-primary link; it is never deleted.
      - The product keeps one primary link per type and only moves the flag to another link, so V(false) is not
        enforced on a link that is primary (a warning says so); set V(true) on another link of that type.
    type: bool
  incoming_auth:
    description:
      - OAuth 1.0a level of requests the remote application makes to this product.
      - Not managed on an existing link when unset; on create the product's default applies (no OAuth).
      - The levels of the admin UI, by name - V(disabled) no OAuth; V(oauth) the UI's C(OAuth), 3-legged and
        2-legged OAuth (the product's default); V(oauth_impersonation) the UI's C(OAuth (impersonation)), also
        2-legged OAuth with impersonation (needs a system administrator).
      - V(oauth_3lo_only) 3-legged OAuth without 2-legged OAuth, only when asked for by this name. The product
        reports such a link as unsupported (status C(DEPRECATED), C(AUTH_LEVEL_UNSUPPORTED)), and the module warns.
        A link that has it (for example made by an earlier version of this collection, where V(oauth) meant
        3-legged OAuth only) is brought to the declared level like any other difference.
      - V(oauth_2lo) is the old name of V(oauth) (3-legged and 2-legged OAuth), deprecated; the module warns and
        returns V(oauth).
      - Only for Atlassian types. Enabling it makes the product fetch the remote's OAuth consumer information.
    type: str
    choices: [disabled, oauth, oauth_impersonation, oauth_3lo_only, oauth_2lo]
  outgoing_auth:
    description:
      - OAuth 1.0a level of requests this product makes to the remote application.
      - Not managed on an existing link when unset; on create the product's default applies (no OAuth).
      - Same levels as O(incoming_auth). Only for Atlassian types.
    type: str
    choices: [disabled, oauth, oauth_impersonation, oauth_3lo_only, oauth_2lo]
  relocate:
    description:
      - When the link found by id or name has another RPC URL than O(remote_url), V(true) moves it to the new URL
        and keeps its id and configuration (relocation needs a system administrator); V(false) replaces it with a new
        link, which needs O(recreate=true).
    type: bool
    default: true
  recreate:
    description:
      - Allow changes that can only be made by deleting the link and creating a new one - another O(type), another
        id in the remote's manifest (the remote was reinstalled or is another server), or a new O(remote_url) with
        O(relocate=false).
      - V(false) fails before any write, naming the reason.
      - V(true) replaces the link. The new link has a new id and the action is V(replace), in check mode too; a
        warning lists what is lost - entity links (project and space links), the OAuth tokens users granted through
        the link, its primary flag, and the pairing with the remote's reciprocal link (link the remote side again).
      - When the delete succeeded and the create failed, the error says that the link was deleted.
    type: bool
    default: false
  state:
    description: Whether the link should exist.
    type: str
    choices: [present, absent]
    default: present
"""

    LINK_EXTRA = r"""
options:
  remote_id:
    description:
      - The remote's server id when it is already known (for example from its own product_links read), which saves
        reading the remote's manifest.
    type: str
"""


def _items(option, module, options, extra):
    """product_links' list `option`: its items take the options of `module` (and `extra`), one level down, their
    references O(name) becoming O(<option>[].name)."""
    names = re.findall(r"^  (\w+):", options + extra, flags=re.M)
    text = re.sub(r"O\((%s)\b" % "|".join(names), r"O(%s[].\1" % option,
                  options[len("options:\n"):] + extra[len("options:\n"):])
    return ("options:\n  %s:\n    description: Each item takes the options of M(atlassian_dc.applinks.%s).\n"
            "    type: list\n    elements: dict\n    default: []\n    suboptions:\n" % (option, module)
            + "".join(("    " + line) if line.strip() else line for line in text.splitlines(True)))


# Computed, not literal: ansible-doc, validate-modules and antsibull-docs load this class; the texts they come
# from are the literal (and yamllinted) ones above.
ModuleDocFragment.INCOMING_ITEMS = _items("incoming", "oauth2_incoming", ModuleDocFragment.INCOMING,
                                          ModuleDocFragment.INCOMING_EXTRA)
ModuleDocFragment.OUTGOING_ITEMS = _items("outgoing", "oauth2_outgoing", ModuleDocFragment.OUTGOING,
                                          ModuleDocFragment.OUTGOING_EXTRA)
ModuleDocFragment.LINK_ITEMS = _items("links", "application_link", ModuleDocFragment.LINK, ModuleDocFragment.LINK_EXTRA)
