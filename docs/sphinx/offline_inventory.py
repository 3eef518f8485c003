#!/usr/bin/env python3
"""Write a Sphinx intersphinx inventory (objects.inv, version 2) of a few labels of Ansible's own docs.

antsibull-docs' generated pages reference labels of the Ansible documentation (for example
``common_return_values`` on every module page). Their real inventory lives on docs.ansible.com, which
offline builds cannot reach. Only the labels listed here resolve; any other unresolved reference still
fails the build (sphinx-build -W). Add a label here only when a generated page cites it.
"""

import sys
import zlib

BASE = "https://docs.ansible.com/projects/ansible/devel/"
# label -> (page relative to BASE, title)
LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
}


def main(path):
    head = ("# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
            "# The remaining of this file is compressed using zlib.\n")
    body = "".join("%s std:label -1 %s#%s %s\n" % (label, page, label.replace("_", "-"), title)
                   for label, (page, title) in sorted(LABELS.items()))
    with open(path, "wb") as out:
        out.write(head.encode("utf-8") + zlib.compress(body.encode("utf-8")))


if __name__ == "__main__":
    main(sys.argv[1])
