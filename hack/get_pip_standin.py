"""applinks get-pip stand-in (installed by `nox -s ansible-test-sanity`: hack/tooling/sanity_support.py; safe to delete, it is re-created).

ansible-test bootstraps pip into each sanity venv (created --without-pip) with a get-pip script
it downloads from ci-files.testing.ansible.com, which is not reachable from these machines. It
first looks for ~/.ansible/test/cache/get_pip_<ver>.py; this file stands in for it: it bootstraps
pip with the stdlib's ensurepip and then pip-installs the requirements ansible-test passes
(e.g. `pip==24.2`) from the regular package index.
"""

import subprocess
import sys

# get-pip.py options that plain `pip install` does not understand.
GET_PIP_ONLY = {"--no-setuptools", "--no-wheel", "--no-pip"}

args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *args])
