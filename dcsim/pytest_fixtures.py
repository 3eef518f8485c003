"""Pytest fixtures for real dcsim processes over HTTPS on 127.0.0.1, sharing one CA per test session.

Import them into a conftest.py: ``from dcsim.pytest_fixtures import ca_dir, confluence, jira, start_instance``.
"""

import pytest

from dcsim import testing


@pytest.fixture(scope="session")
def ca_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ca")


@pytest.fixture(scope="session")
def start_instance(tmp_path_factory, ca_dir):  # pylint: disable=redefined-outer-name
    """start_instance(product, name=None, extra_args=(), data_dir=None, layout=False) -> Running; stopped at
    session end. layout=True starts the proxied layout: base_url on localhost (browsers), internal_url on
    127.0.0.1 (servers), server calls on the public name refused (dcsim/README.md)."""
    pool = testing.Pool(tmp_path_factory.mktemp, ca_dir)
    yield pool.start
    pool.stop_all()


@pytest.fixture(scope="session")
def confluence(start_instance):  # pylint: disable=redefined-outer-name
    return start_instance("confluence")


@pytest.fixture(scope="session")
def jira(start_instance):  # pylint: disable=redefined-outer-name
    return start_instance("jira")
