"""The SQLite connection: one per thread, serialised writers, schemas collected from the store modules."""

import importlib
import pkgutil
import sqlite3
import threading
from contextlib import contextmanager

import dcsim.store as store_pkg


class Store:
    def __init__(self, path):
        self.path = str(path)
        self._local = threading.local()

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
            self._local.depth = 0
        return conn

    def init(self):
        """Bring the tables of an older data directory up to date (``migrate(conn)``), then create every table
        declared by a store module (``SCHEMA``)."""
        conn = self._conn()
        for info in pkgutil.iter_modules(store_pkg.__path__):
            module = importlib.import_module(f"dcsim.store.{info.name}")
            migrate = getattr(module, "migrate", None)
            if migrate:
                migrate(conn)
            schema = getattr(module, "SCHEMA", None)
            if schema:
                conn.executescript(schema)

    @contextmanager
    def transaction(self):
        """A write transaction. BEGIN IMMEDIATE serialises writers, so check-then-insert is atomic."""
        conn = self._conn()
        if self._local.depth:
            self._local.depth += 1
            try:
                yield self
            finally:
                self._local.depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._local.depth = 0

    def all(self, sql, params=()):
        return [dict(row) for row in self._conn().execute(sql, params).fetchall()]

    def one(self, sql, params=()):
        row = self._conn().execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def execute(self, sql, params=()):
        return self._conn().execute(sql, params).rowcount

    def close(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
