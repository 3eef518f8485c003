# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.atlassian_dc.applinks.plugins.module_utils._fingerprint import (
    fingerprint, join_description, split_description)


def test_fingerprint_is_salted_truncated_sha256():
    assert fingerprint("s3cr3t", "cid") == hashlib.sha256(b"cid:s3cr3t").hexdigest()[:12]
    assert fingerprint("s3cr3t", "other") != fingerprint("s3cr3t", "cid")
    assert fingerprint(None, "cid") is None and fingerprint("s", None) is None


def test_description_marker_round_trip():
    assert split_description("Jira [applinks:secret=0123456789ab]") == ("Jira", "0123456789ab")
    assert split_description("[applinks:secret=0123456789ab]") == (None, "0123456789ab")
    assert split_description("no marker [applinks:secret=xyz]") == ("no marker [applinks:secret=xyz]", None)
    assert split_description(None) == (None, None)
    assert join_description("Jira", "0123456789ab") == "Jira [applinks:secret=0123456789ab]"
    assert join_description(None, None) is None and join_description("x", None) == "x"


def test_long_description_is_cut_to_keep_the_marker_within_255():
    joined = join_description("d" * 300, "0123456789ab")
    assert len(joined) == 255 and joined.endswith("[applinks:secret=0123456789ab]")
    assert split_description(joined)[1] == "0123456789ab"
