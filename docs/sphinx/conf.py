# Sphinx configuration of the atlassian_dc.applinks docs site (hack/docs.sh, `make docs`).
# Started from `antsibull-docs sphinx-init --use-current`; dev-only (galaxy.yml build_ignore: docs/sphinx).
#
# Offline builds: the only intersphinx inventory is ansible_offline.inv, which hack/docs.sh writes at build time
# from offline_inventory.py (an explicit list of the Ansible labels that antsibull-docs' generated pages cite).
# No inventory is fetched, and `-W` turns every other unresolved reference into a failure.

import os

project = 'atlassian_dc.applinks'
copyright = 'atlassian_dc.applinks contributors'

title = 'atlassian_dc.applinks documentation'
html_short_title = 'atlassian_dc.applinks'

extensions = ['sphinx.ext.intersphinx', 'sphinx_antsibull_ext']

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
