# -*- coding: utf-8 -*-
# Copyright: (c) 2026, atlassian_dc.applinks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection version, sent in the User-Agent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

COLLECTION_VERSION = "0.2.0"
