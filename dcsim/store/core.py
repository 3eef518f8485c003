"""Instance identity, personal access tokens and cookie sessions."""

import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pat (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    username TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL
);
CREATE TABLE IF NOT EXISTS web_session (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    websudo INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
);
"""


def get_meta(db, key):
    row = db.one("SELECT value FROM meta WHERE key = ?", (key,))
    return row["value"] if row else None


def set_meta_once(db, key, value):
    """Store value under key unless one exists; return the stored value (first writer wins)."""
    with db.transaction():
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
        return get_meta(db, key)


def set_meta(db, key, value):
    with db.transaction():
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def insert_pat(db, token_hash, name, username, expires):
    with db.transaction():
        db.execute("INSERT INTO pat (token_hash, name, username, created, expires) VALUES (?, ?, ?, ?, ?)",
                   (token_hash, name, username, time.time(), expires))
        return db.one("SELECT * FROM pat WHERE token_hash = ?", (token_hash,))


def find_pat(db, token_hash):
    return db.one("SELECT * FROM pat WHERE token_hash = ?", (token_hash,))


def insert_session(db, session_id, username):
    with db.transaction():
        db.execute("INSERT INTO web_session (id, username, websudo, created) VALUES (?, ?, 0, ?)",
                   (session_id, username, time.time()))


def find_session(db, session_id):
    return db.one("SELECT * FROM web_session WHERE id = ?", (session_id,))
