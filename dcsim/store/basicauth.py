"""The stored Basic authentication settings of /rest/basicauth/1.0/config (one row; none = the version default)."""

import json

SCHEMA = """
CREATE TABLE IF NOT EXISTS basicauth_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    block_requests INTEGER NOT NULL,
    allowed_paths TEXT NOT NULL,
    allowed_users TEXT NOT NULL
);
"""


def get_config(db):
    row = db.one("SELECT * FROM basicauth_config WHERE id = 1")
    if row is None:
        return None
    return {"block_requests": bool(row["block_requests"]), "allowed_paths": json.loads(row["allowed_paths"]),
            "allowed_users": json.loads(row["allowed_users"])}


def put_config(db, block_requests, allowed_paths, allowed_users):
    with db.transaction():
        db.execute("INSERT OR REPLACE INTO basicauth_config (id, block_requests, allowed_paths, allowed_users) "
                   "VALUES (1, ?, ?, ?)", (int(bool(block_requests)), json.dumps(list(allowed_paths)),
                                           json.dumps(list(allowed_users))))
