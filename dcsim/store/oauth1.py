"""OAuth 1.0a state: consumers registered per applink, nonces, service-provider tokens, consumer tokens."""

import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS oauth1_consumer (
    key TEXT PRIMARY KEY,
    applink_id TEXT NOT NULL REFERENCES applink(id) ON DELETE CASCADE ON UPDATE CASCADE,
    name TEXT,
    description TEXT,
    public_key TEXT,
    shared_secret TEXT,
    callback TEXT,
    signature_method TEXT NOT NULL,
    two_lo_allowed INTEGER NOT NULL DEFAULT 0,
    executing_two_lo_user TEXT,
    two_lo_impersonation_allowed INTEGER NOT NULL DEFAULT 0,
    outgoing INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS oauth1_nonce (
    consumer_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (consumer_key, nonce, timestamp)
);
CREATE TABLE IF NOT EXISTS oauth1_token (
    token TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    consumer_key TEXT NOT NULL REFERENCES oauth1_consumer(key) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    username TEXT,
    verifier TEXT,
    callback TEXT,
    session_handle TEXT,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth1_consumer_token (
    applink_id TEXT NOT NULL REFERENCES applink(id) ON DELETE CASCADE ON UPDATE CASCADE,
    username TEXT NOT NULL,
    token TEXT NOT NULL,
    secret TEXT,
    PRIMARY KEY (applink_id, username)
);
"""

_BOOL = ("two_lo_allowed", "two_lo_impersonation_allowed", "outgoing")
_CONSUMER_COLUMNS = ("key", "applink_id", "name", "description", "public_key", "shared_secret", "callback",
                     "signature_method", "two_lo_allowed", "executing_two_lo_user",
                     "two_lo_impersonation_allowed", "outgoing")


def _consumer(row):
    if row is None:
        return None
    for col in _BOOL:
        row[col] = bool(row[col])
    return row


def consumer(db, key):
    return _consumer(db.one("SELECT * FROM oauth1_consumer WHERE key = ?", (key,)))


def consumers_of(db, applink_id, outgoing=None):
    sql, params = "SELECT * FROM oauth1_consumer WHERE applink_id = ?", [applink_id]
    if outgoing is not None:
        sql += " AND outgoing = ?"
        params.append(int(outgoing))
    return [_consumer(r) for r in db.all(sql + " ORDER BY key", params)]


def put_consumer(db, values):
    """Insert or replace a consumer (dict with _CONSUMER_COLUMNS). Call inside a transaction."""
    db.execute(f"INSERT OR REPLACE INTO oauth1_consumer ({', '.join(_CONSUMER_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_CONSUMER_COLUMNS))})",
               tuple(int(bool(values.get(c))) if c in _BOOL else values.get(c) for c in _CONSUMER_COLUMNS))


def update_consumer_flags(db, key, two_lo, two_lo_impersonation):
    db.execute("UPDATE oauth1_consumer SET two_lo_allowed = ?, two_lo_impersonation_allowed = ? WHERE key = ?",
               (int(two_lo), int(two_lo_impersonation), key))


def delete_consumers(db, applink_id, outgoing=False):
    db.execute("DELETE FROM oauth1_consumer WHERE applink_id = ? AND outgoing = ?", (applink_id, int(outgoing)))


def use_nonce(db, consumer_key, nonce, timestamp, keep_seconds):
    """Record a nonce; False if it was seen before (replay). Old nonces are pruned on the way."""
    with db.transaction():
        db.execute("DELETE FROM oauth1_nonce WHERE timestamp < ?", (int(time.time()) - keep_seconds,))
        return db.execute("INSERT OR IGNORE INTO oauth1_nonce (consumer_key, nonce, timestamp) VALUES (?, ?, ?)",
                          (consumer_key, nonce, int(timestamp))) == 1


# Service-provider tokens (request and access tokens this server issued).

def put_token(db, token, secret, consumer_key, kind, ttl, callback=None, username=None, session_handle=None):
    now = time.time()
    with db.transaction():
        db.execute("INSERT INTO oauth1_token (token, secret, consumer_key, kind, username, callback, "
                   "session_handle, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (token, secret, consumer_key, kind, username, callback, session_handle, now, now + ttl))


def token(db, token_value, kind=None):
    row = db.one("SELECT * FROM oauth1_token WHERE token = ?", (token_value,))
    if row is None or (kind and row["kind"] != kind) or row["expires"] < time.time():
        return None
    return row


def authorize_token(db, token_value, username, verifier):
    with db.transaction():
        return db.execute("UPDATE oauth1_token SET username = ?, verifier = ? WHERE token = ? AND kind = 'request'",
                          (username, verifier, token_value)) == 1


def delete_token(db, token_value):
    with db.transaction():
        return db.execute("DELETE FROM oauth1_token WHERE token = ?", (token_value,))


# Consumer tokens (access tokens this server holds for a remote, per user).

def delete_consumer_token(db, applink_id, username):
    with db.transaction():
        return db.execute("DELETE FROM oauth1_consumer_token WHERE applink_id = ? AND username = ?",
                          (applink_id, username))


def delete_consumer_tokens(db, applink_id):
    """Every user's token for one link (its outgoing OAuth was switched off). Call inside a transaction."""
    return db.execute("DELETE FROM oauth1_consumer_token WHERE applink_id = ?", (applink_id,))


def consumer_token(db, applink_id, username):
    return db.one("SELECT * FROM oauth1_consumer_token WHERE applink_id = ? AND username = ?",
                  (applink_id, username))
