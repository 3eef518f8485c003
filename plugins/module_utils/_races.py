# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creates that lose a race: another run created the object between our read and our POST.

The products keep OAuth 2.0 names unique and answer a second create with a 400 field error on `name`. The
engine then converges on the winner's object like a normal run would, instead of failing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import HttpError


class LostRace(Exception):
    """Raised by a Resource's create when the object now exists; `current` is the object found."""

    def __init__(self, current):
        super(LostRace, self).__init__("the object was created by another run")
        self.current = current


def name_taken(exc):
    """Whether an error is the product's 'this name already exists' answer to a create."""
    return isinstance(exc, HttpError) and exc.status == 400 and "name" in (exc.field_errors or {})
