"""OAuth 2.0 persistence: provider clients, codes, tokens, the JWT secret; client configs and test flows.

SQLite only. Callers that need check-then-write atomicity wrap the calls in ``db.transaction()``.
"""

import json
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS oauth2_client (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL UNIQUE,
    client_secret TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    redirects TEXT NOT NULL,
    user_key TEXT,
    scope TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth2_code (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oauth2_client(client_id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    code_challenge TEXT,
    code_challenge_method TEXT,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth2_token (
    jti TEXT PRIMARY KEY,
    grant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES oauth2_client(client_id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    scope TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS oauth2_token_grant ON oauth2_token (grant_id);
CREATE TABLE IF NOT EXISTS oauth2_jwt_secret (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    secret TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth2_client_config (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    type TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    authorization_endpoint TEXT NOT NULL,
    token_endpoint TEXT NOT NULL,
    scopes TEXT NOT NULL,
    redirect_uri_suffix TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth2_flow (
    id TEXT PRIMARY KEY,
    config_id TEXT NOT NULL,
    callback_url TEXT,
    username TEXT,
    state TEXT UNIQUE,
    code_verifier TEXT,
    status TEXT NOT NULL,
    error TEXT,
    created REAL NOT NULL
);
"""

_CLIENT_COLUMNS = "id, client_id, client_secret, name, redirects, user_key, scope"
_CONFIG_COLUMNS = ("id, name, description, type, client_id, client_secret, authorization_endpoint, "
                   "token_endpoint, scopes, redirect_uri_suffix")


def _client(row):
    if row is not None:
        row.pop("seq", None)
        row["redirects"] = json.loads(row["redirects"])
    return row


def _config(row):
    if row is not None:
        row.pop("seq", None)
        row["scopes"] = json.loads(row["scopes"])
    return row


# Provider clients (incoming links)

def list_clients(db):
    return [_client(r) for r in db.all(f"SELECT {_CLIENT_COLUMNS} FROM oauth2_client ORDER BY seq")]


def get_client(db, id_):
    return _client(db.one(f"SELECT {_CLIENT_COLUMNS} FROM oauth2_client WHERE id = ?", (id_,)))


def get_client_by_client_id(db, client_id):
    return _client(db.one(f"SELECT {_CLIENT_COLUMNS} FROM oauth2_client WHERE client_id = ?", (client_id,)))


def client_name_taken(db, name, except_id=None):
    return db.one("SELECT 1 AS x FROM oauth2_client WHERE name = ? AND id IS NOT ?", (name, except_id)) is not None


def insert_client(db, client):
    db.execute(f"INSERT INTO oauth2_client ({_CLIENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (client["id"], client["client_id"], client["client_secret"], client["name"],
                json.dumps(client["redirects"]), client["user_key"], client["scope"]))


def update_client(db, id_, name, redirects, scope):
    return db.execute("UPDATE oauth2_client SET name = ?, redirects = ?, scope = ? WHERE id = ?",
                      (name, json.dumps(redirects), scope, id_))


def set_client_secret(db, client_id, secret):
    return db.execute("UPDATE oauth2_client SET client_secret = ? WHERE client_id = ?", (secret, client_id))


def delete_client(db, id_):
    return db.execute("DELETE FROM oauth2_client WHERE id = ?", (id_,))


# Authorization codes

def insert_code(db, code_hash, client_id, username, redirect_uri, scope, challenge, method, expires):
    db.execute("INSERT INTO oauth2_code (code_hash, client_id, username, redirect_uri, scope, code_challenge, "
               "code_challenge_method, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (code_hash, client_id, username, redirect_uri, scope, challenge, method, expires))


def take_code(db, code_hash):
    """Fetch and delete a code in one transaction: a code can be redeemed once."""
    with db.transaction():
        row = db.one("SELECT * FROM oauth2_code WHERE code_hash = ?", (code_hash,))
        if row is not None:
            db.execute("DELETE FROM oauth2_code WHERE code_hash = ?", (code_hash,))
        return row


# Tokens

def insert_token(db, jti, grant_id, kind, client_id, username, scope, expires):
    db.execute("INSERT INTO oauth2_token (jti, grant_id, kind, client_id, username, scope, created, expires) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (jti, grant_id, kind, client_id, username, scope, time.time(), expires))


def get_token(db, jti):
    return db.one("SELECT * FROM oauth2_token WHERE jti = ?", (jti,))


def delete_token(db, jti):
    return db.execute("DELETE FROM oauth2_token WHERE jti = ?", (jti,))


def delete_grant(db, grant_id):
    return db.execute("DELETE FROM oauth2_token WHERE grant_id = ?", (grant_id,))


def delete_all_tokens(db):
    db.execute("DELETE FROM oauth2_token")


# The JWT signing secret

def get_jwt_secret(db):
    row = db.one("SELECT secret FROM oauth2_jwt_secret WHERE one = 1")
    return row["secret"] if row else None


def init_jwt_secret(db, secret):
    with db.transaction():
        db.execute("INSERT OR IGNORE INTO oauth2_jwt_secret (one, secret) VALUES (1, ?)", (secret,))
        return get_jwt_secret(db)


def set_jwt_secret(db, secret):
    db.execute("INSERT OR REPLACE INTO oauth2_jwt_secret (one, secret) VALUES (1, ?)", (secret,))


# Client configurations (outgoing links)

def list_configs(db):
    return [_config(r) for r in db.all(f"SELECT {_CONFIG_COLUMNS} FROM oauth2_client_config ORDER BY seq")]


def get_config(db, id_):
    return _config(db.one(f"SELECT {_CONFIG_COLUMNS} FROM oauth2_client_config WHERE id = ?", (id_,)))


def get_config_by_name(db, name):
    return _config(db.one(f"SELECT {_CONFIG_COLUMNS} FROM oauth2_client_config WHERE name = ?", (name,)))


def config_name_taken(db, name, except_id=None):
    return db.one("SELECT 1 AS x FROM oauth2_client_config WHERE name = ? AND id IS NOT ?",
                  (name, except_id)) is not None


def _config_values(config):
    return (config["name"], config["description"], config["type"], config["client_id"], config["client_secret"],
            config["authorization_endpoint"], config["token_endpoint"], json.dumps(config["scopes"]),
            config["redirect_uri_suffix"])


def insert_config(db, config):
    db.execute(f"INSERT INTO oauth2_client_config ({_CONFIG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (config["id"],) + _config_values(config))


def update_config(db, config):
    return db.execute("UPDATE oauth2_client_config SET name = ?, description = ?, type = ?, client_id = ?, "
                      "client_secret = ?, authorization_endpoint = ?, token_endpoint = ?, scopes = ?, "
                      "redirect_uri_suffix = ? WHERE id = ?", _config_values(config) + (config["id"],))


def delete_config(db, id_):
    return db.execute("DELETE FROM oauth2_client_config WHERE id = ?", (id_,))


# Connection-test flows

def insert_flow(db, flow_id, config_id, callback_url, username):
    with db.transaction():
        db.execute("INSERT INTO oauth2_flow (id, config_id, callback_url, username, status, created) "
                   "VALUES (?, ?, ?, ?, 'new', ?)", (flow_id, config_id, callback_url, username, time.time()))


def get_flow(db, flow_id):
    return db.one("SELECT * FROM oauth2_flow WHERE id = ?", (flow_id,))


def start_flow(db, flow_id, state, code_verifier):
    with db.transaction():
        return db.execute("UPDATE oauth2_flow SET state = ?, code_verifier = ?, status = 'pending', error = NULL "
                          "WHERE id = ?", (state, code_verifier, flow_id))


def take_pending_flow(db, state):
    """The pending flow with this state, marked as being completed (a callback is handled once)."""
    with db.transaction():
        row = db.one("SELECT * FROM oauth2_flow WHERE state = ? AND status = 'pending'", (state,))
        if row is not None:
            db.execute("UPDATE oauth2_flow SET status = 'completing' WHERE id = ?", (row["id"],))
        return row


def take_finished_flow(db, flow_id):
    """The finished flow with this id, deleted as it is read (its result is handed out once)."""
    with db.transaction():
        row = db.one("SELECT * FROM oauth2_flow WHERE id = ? AND status IN ('success', 'error')", (flow_id,))
        if row:
            db.execute("DELETE FROM oauth2_flow WHERE id = ?", (flow_id,))
        return row


def finish_flow(db, flow_id, error=None):
    with db.transaction():
        db.execute("UPDATE oauth2_flow SET status = ?, error = ? WHERE id = ?",
                   ("error" if error else "success", error, flow_id))
