"""Fixtures: real dcsim processes over HTTPS on 127.0.0.1, sharing one CA per test session."""

import pytest

from dcsim import testing


@pytest.fixture(scope="session")
def ca_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ca")


@pytest.fixture(scope="session")
def start_instance(tmp_path_factory, ca_dir):
    """Factory: start_instance(product, name=None, extra_args=()) -> Running; all stopped at session end."""
    started = []

    def _start(product, name=None, extra_args=(), data_dir=None):
        data_dir = data_dir or tmp_path_factory.mktemp(name or product)
        running = testing.start(product, data_dir, ca_dir=ca_dir, extra_args=extra_args)
        started.append(running)
        return running

    yield _start
    for running in started:
        running.stop()


@pytest.fixture(scope="session")
def confluence(start_instance):
    return start_instance("confluence")


@pytest.fixture(scope="session")
def jira(start_instance):
    return start_instance("jira")
