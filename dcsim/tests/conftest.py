"""Fixtures: real dcsim processes over HTTPS on 127.0.0.1, sharing one CA per test session."""

from dcsim.pytest_fixtures import ca_dir, confluence, jira, start_instance  # noqa: F401
