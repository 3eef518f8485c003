# Sphinx configuration of the atlassian_dc.applinks docs site (`nox -s docs`: hack/tooling/docs_site.py; `make docs`).
# Started from `antsibull-docs sphinx-init --use-current`; dev-only (galaxy.yml build_ignore: docs/sphinx).
#
# Offline builds: the only intersphinx inventory is ansible_offline.inv, which the docs session writes at build time
# from offline_inventory.py (an explicit list of the Ansible labels that antsibull-docs' generated pages cite).
# No inventory is fetched, and `-W` turns every other unresolved reference into a failure.

import os
import sys

project = 'atlassian_dc.applinks'
copyright = 'atlassian_dc.applinks contributors'

title = 'atlassian_dc.applinks documentation'
html_short_title = 'atlassian_dc.applinks'

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions = ['sphinx.ext.intersphinx', 'sphinx_antsibull_ext', 'sphinxcontrib.mermaid', 'mermaid_code_blocks']

# Diagrams: write `.. code-block:: mermaid` in the guides (docs/docsite/rst, shipped). antsibull-docs, which lints
# them and renders them on docs.ansible.com, knows no `.. mermaid::` directive; on this site mermaid_code_blocks.py
# turns each such block into a sphinxcontrib-mermaid diagram. The browser draws it with a pinned mermaid.js that
# the docs session fetches from the npm registry into _static/mermaid/ (hack/tooling/mermaid_js.py); no CDN.
html_static_path = ['_static']
mermaid_use_local = 'mermaid/mermaid.esm.min.mjs'
# The zoom and full-screen helpers would load d3 from a CDN; the diagrams are small.
mermaid_d3_zoom = False
mermaid_fullscreen = False

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False

html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# (URL, local inventory): a local path means Sphinx never goes to the network for it.
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/',
                      os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ansible_offline.inv')),
}

default_role = 'any'
nitpicky = True
