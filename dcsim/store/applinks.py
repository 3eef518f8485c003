"""Application links, their properties and outgoing authentication providers, and the applinks feature flags."""

import json
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS applink (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type_id TEXT NOT NULL,
    name TEXT NOT NULL,
    rpc_url TEXT NOT NULL,
    display_url TEXT NOT NULL,
    is_primary INTEGER NOT NULL DEFAULT 0,
    is_system INTEGER NOT NULL DEFAULT 0,
    app_version TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS applink_property (
    applink_id TEXT NOT NULL REFERENCES applink(id) ON DELETE CASCADE ON UPDATE CASCADE,
    key TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (applink_id, key)
);
CREATE TABLE IF NOT EXISTS applink_auth_provider (
    applink_id TEXT NOT NULL REFERENCES applink(id) ON DELETE CASCADE ON UPDATE CASCADE,
    provider TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (applink_id, provider)
);
CREATE TABLE IF NOT EXISTS applink_feature (name TEXT PRIMARY KEY, enabled INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS applink_by_name ON applink (name);
"""


def migrate(conn):
    """Data directories of an older dcsim had a UNIQUE link name; the product renames instead, so drop it.

    SQLite cannot drop a column constraint: the table is rebuilt (foreign keys off, so the children stay).
    """
    unique_name = any(index["unique"] and [c["name"] for c in conn.execute(f"PRAGMA index_info('{index['name']}')")]
                      == ["name"] for index in conn.execute("PRAGMA index_list('applink')").fetchall())
    if not unique_name:
        return
    columns = "seq, id, type_id, name, rpc_url, display_url, is_primary, is_system, app_version, created"
    create_new = SCHEMA.split(";")[0].replace("CREATE TABLE IF NOT EXISTS applink (", "CREATE TABLE applink_new (")
    conn.execute("PRAGMA foreign_keys=OFF")
    try:  # SQLite's documented table rebuild: new table, copy, drop, rename (references stay on "applink")
        conn.executescript(f"""
            BEGIN IMMEDIATE;
            {create_new};
            INSERT INTO applink_new ({columns}) SELECT {columns} FROM applink;
            DROP TABLE applink;
            ALTER TABLE applink_new RENAME TO applink;
            COMMIT;""")
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


_COLUMNS = ("id", "type_id", "name", "rpc_url", "display_url", "is_primary", "is_system", "app_version")


def _link(row):
    if row is None:
        return None
    row["is_primary"] = bool(row["is_primary"])
    row["is_system"] = bool(row["is_system"])
    return row


def all_links(db):
    return [_link(r) for r in db.all("SELECT * FROM applink ORDER BY seq")]


def get(db, link_id):
    return _link(db.one("SELECT * FROM applink WHERE id = ?", (link_id,)))


def by_name(db, name):
    return _link(db.one("SELECT * FROM applink WHERE name = ?", (name,)))


def by_rpc_url(db, rpc_url):
    return _link(db.one("SELECT * FROM applink WHERE rpc_url = ?", (rpc_url,)))


def of_type(db, type_id):
    return [_link(r) for r in db.all("SELECT * FROM applink WHERE type_id = ? ORDER BY seq", (type_id,))]


def primary_of_type(db, type_id):
    return _link(db.one("SELECT * FROM applink WHERE type_id = ? AND is_primary = 1", (type_id,)))


def insert(db, link):
    """Insert a link dict (keys of _COLUMNS). Call inside a transaction."""
    db.execute(f"INSERT INTO applink ({', '.join(_COLUMNS)}, created) VALUES ({', '.join('?' * len(_COLUMNS))}, ?)",
               tuple(int(link[c]) if c.startswith("is_") else link.get(c) for c in _COLUMNS) + (time.time(),))


def update(db, link_id, **fields):
    if not fields:
        return
    cols = ", ".join(f"{k} = ?" for k in fields)
    values = tuple(int(v) if k.startswith("is_") else v for k, v in fields.items())
    db.execute(f"UPDATE applink SET {cols} WHERE id = ?", values + (link_id,))


def set_primary(db, link_id, type_id):
    """Make one link the primary of its type, unsetting the others (contract: exactly one per type)."""
    db.execute("UPDATE applink SET is_primary = (id = ?) WHERE type_id = ?", (link_id, type_id))


def delete(db, link_id):
    return db.execute("DELETE FROM applink WHERE id = ?", (link_id,))


# Properties (v3 `property` query parameter).

def properties(db, link_id):
    return {r["key"]: r["value"] for r in db.all("SELECT key, value FROM applink_property WHERE applink_id = ?",
                                                 (link_id,))}


def set_property(db, link_id, key, value):
    if value is None:
        db.execute("DELETE FROM applink_property WHERE applink_id = ? AND key = ?", (link_id, key))
    else:
        db.execute("INSERT OR REPLACE INTO applink_property (applink_id, key, value) VALUES (?, ?, ?)",
                   (link_id, key, str(value)))


# Outgoing authentication providers (REST reference §2.7, §3).

def providers(db, link_id):
    rows = db.all("SELECT provider, config FROM applink_auth_provider WHERE applink_id = ? ORDER BY provider",
                  (link_id,))
    return {r["provider"]: json.loads(r["config"]) for r in rows}


def put_provider(db, link_id, provider, config):
    db.execute("INSERT OR REPLACE INTO applink_auth_provider (applink_id, provider, config) VALUES (?, ?, ?)",
               (link_id, provider, json.dumps(config or {})))


def remove_provider(db, link_id, provider):
    db.execute("DELETE FROM applink_auth_provider WHERE applink_id = ? AND provider = ?", (link_id, provider))


# Feature flags (v3 `features`); absent rows mean "the default".

def feature(db, name):
    row = db.one("SELECT enabled FROM applink_feature WHERE name = ?", (name,))
    return None if row is None else bool(row["enabled"])


def set_feature(db, name, enabled):
    with db.transaction():
        db.execute("INSERT OR REPLACE INTO applink_feature (name, enabled) VALUES (?, ?)", (name, int(enabled)))
