"""`python -m dcsim pat`: a personal access token written straight into an instance's store, running or not."""

import json
import secrets
import time
from pathlib import Path

from dcsim.config import DB_FILE, DEFAULT_USERS
from dcsim.services.auth import hash_token
from dcsim.store import core as core_store
from dcsim.store.db import Store

DEFAULT_TOKEN_NAME = "dcsim-cli"


class PatError(Exception):
    pass


def known_users(store):
    """The users of the instance's last start (stored by Sim), or the defaults before the first start."""
    stored = core_store.get_meta(store, "users")
    return json.loads(stored) if stored else sorted(DEFAULT_USERS)


def issue(data_dir, username, name=None, expiration_days=None):
    """The raw token of a new PAT of `username`; the running instance reads its store on every request."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise PatError(f"--data {data_dir}: no such directory")
    store = Store(data_dir / DB_FILE)
    try:
        store.init()
        if username not in known_users(store):
            raise PatError(f"--user {username}: no such user on the instance in {data_dir} "
                           f"(users: {', '.join(known_users(store))})")
        token = secrets.token_urlsafe(33)
        expires = time.time() + expiration_days * 86400 if expiration_days else None
        core_store.insert_pat(store, hash_token(token), name or DEFAULT_TOKEN_NAME, username, expires)
        return token
    finally:
        store.close()
