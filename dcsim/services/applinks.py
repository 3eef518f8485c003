"""Application links (REST reference §2-§4): validation, ids, primaries, system links, and their representations.

Every write runs in one BEGIN IMMEDIATE transaction, so check-then-insert is atomic under concurrency.
"""

import hashlib
import sqlite3
import uuid
from urllib.parse import urlsplit

from dcsim.errors import ApiError
from dcsim.store import applinks as store

ATLASSIAN_TYPES = ("jira", "confluence", "stash", "bamboo", "fecru", "crowd", "refapp")
# REST reference §2.9 (inferred): the static-URL type's fixed URL; a static-URL link gets it as rpc and display URL.
STATIC_URL_TYPES = {"subversion": "https://subversion.apache.org"}
INSTALLED_TYPES = ATLASSIAN_TYPES + ("generic",) + tuple(STATIC_URL_TYPES)
# REST reference §2.9 entity types per application type ("subvesion" sic). stash's is inferred.
ENTITY_TYPES = {"jira": ["jira.project"], "confluence": ["confluence.space"], "bamboo": ["bamboo.project"],
                "fecru": ["fecru.repository", "fecru.project"], "refapp": ["refapp.charlie"],
                "generic": ["generic.entity"], "subversion": ["subvesion.path"], "stash": ["stash.project"],
                "crowd": []}
# The application name each type's manifest producer reports when it makes a manifest up (AppLinksManifestProducer
# subclasses, e.g. JiraManifestProducer.getApplicationName).
PRODUCER_NAMES = {"jira": "Jira", "confluence": "Confluence", "stash": "Bitbucket Server", "bamboo": "Bamboo",
                  "fecru": "FishEye/Crucible", "crowd": "Crowd", "refapp": "REFAPP", "generic": "Generic Application"}
MAX_NAME = 255
# REST reference §2.2, §12.4: v1 GET /applicationlink/{id} (under 1.0 and 3.0) of an unknown id answers 500: the
# resource dereferences a null lookup. The message is dcsim's (the product's is a server error page).
UNKNOWN_LINK_GET_STATUS = 500
MSG_UNKNOWN_LINK_GET = "Internal server error: no application link with this id"

# i18n keys of the applinks 9.1.4 resources (dcsim answers with the key; a product with its translation).
MSG_NOT_FOUND = "applinks.notfound"
MSG_DUPLICATE_URL = "applinks.error.duplicate.url"
MSG_RPCURL_EXISTS = "applinks.error.rpcurl.exists"
MSG_CANNOT_UPDATE_RPCURL = "applinks.error.cannot.update.rpcurl"
MSG_DUPLICATE_NAME = "applinks.error.duplicate.name"         # updates only: creates rename (suitable_name)
MSG_SYSTEM_LINK = "applinks.error.only.sysadmin.operation"
MSG_TYPE_NOT_INSTALLED = "applinks.type.not.installed"       # TypeNotInstalledExceptionMapper
# Keys below are dcsim's own: the product answers these inputs with a 500 (a NullPointerException in
# ApplicationLinkDetails.Builder) or stores them as given; dcsim refuses them cleanly (deliberate deviation).
MSG_NAME_REQUIRED = "applinks.error.name.required"
MSG_NAME_TOO_LONG = "applinks.error.name.too.long"
MSG_INVALID_URL = "applinks.error.url.invalid"
MSG_INVALID_ID = "applinks.error.id.invalid"


def bad(message, fields=None):
    """A v1/v2 validation failure: error-list body (v3 resources render it as a v3 error body)."""
    return ApiError(400, message, kind="errorlist", fields=fields)


def normalise_url(url):
    return url.rstrip("/") if isinstance(url, str) else url


def generated_id(rpc_url):
    """REST reference §2.8: the version-3 (MD5) name-based UUID of the rpcUrl without trailing slashes."""
    return str(uuid.UUID(bytes=hashlib.md5(normalise_url(rpc_url).encode()).digest(), version=3))


def canonical_id(text):
    """The canonical (lower-case) UUID string, or None when `text` is not a UUID."""
    if not isinstance(text, str):
        return None
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None


def is_atlassian(type_id):
    return type_id in ATLASSIAN_TYPES


def check_type(type_id, message=None):
    """400 for a type that is not installed: RestUtil.typeNotInstalled on the type GETs (the default message),
    the TypeNotInstalledException mapper's key on creates and updates (message=MSG_TYPE_NOT_INSTALLED)."""
    if not isinstance(type_id, str) or type_id not in INSTALLED_TYPES:
        raise bad(message or f"No type with id {type_id} installed")


def details(body, fields=None):
    """(rpcUrl, displayUrl) of a v1/v2 body, each defaulting to the other (ApplicationLinkDetails.Builder)."""
    rpc_url, display_url = body.get("rpcUrl"), body.get("displayUrl")
    if rpc_url is None:
        rpc_url = display_url
    elif display_url is None:
        display_url = rpc_url
    return check_url(rpc_url, "rpcUrl", fields), check_url(display_url, "displayUrl", fields)


def suitable_name(db, name):
    """DefaultApplicationLinkService.findSuitableName: the name if free, else "name - 2", "name - 3", ...

    The product strips a " - N" suffix with String.replace, which takes its argument literally, so it never
    strips anything: "X - 2" taken gives "X - 2 - 2". Call inside the write transaction.
    """
    if not store.by_name(db, name):
        return name
    number = 2
    while store.by_name(db, f"{name} - {number}"):
        number += 1
    return f"{name} - {number}"


def valid_url(url):
    if not isinstance(url, str) or not url.strip():
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_name(name, fields=None):
    if not isinstance(name, str) or not name.strip():
        raise bad(MSG_NAME_REQUIRED, fields)
    if len(name.strip()) > MAX_NAME:
        raise bad(MSG_NAME_TOO_LONG, fields)
    return name.strip()


def check_url(url, what, fields=None):
    if not valid_url(url):
        raise bad(f"{MSG_INVALID_URL}: {what}", fields)
    return normalise_url(url.strip())


def get(sim, link_id):
    canonical = canonical_id(link_id)
    return store.get(sim.store, canonical) if canonical else None


def require(sim, link_id, status=404, message=MSG_NOT_FOUND, kind=None):
    link = get(sim, link_id)
    if link is None:
        raise ApiError(status, message, kind=kind)
    return link


def all_links(sim):
    return store.all_links(sim.store)


def of_type(sim, type_id):
    check_type(type_id)
    return store.of_type(sim.store, type_id)


def of_type_primary_first(sim, type_id):
    """v1 GET applicationlink/type/{type}: the type's links, the primary first (DefaultApplicationLinkService)."""
    links = of_type(sim, type_id)
    return sorted(links, key=lambda link: not link["is_primary"])


def primary_of_type(sim, type_id):
    check_type(type_id)
    link = store.primary_of_type(sim.store, type_id)
    if link is None:
        raise ApiError(404, "applinks.error.noprimary")
    return link


def check_modifiable(link, who):
    """v1/v2 ApplicationLinkResource: a system link is changed or deleted by system administrators only."""
    if link["is_system"] and not who.at_least("sysadmin"):
        raise ApiError(403, MSG_SYSTEM_LINK)


def create(sim, *, link_id, type_id, name, rpc_url, display_url, is_primary=False, app_version=None,
           existing_id=None):
    """DefaultApplicationLinkService.addApplicationLink: insert a new link under a free name (a taken one is
    renamed, never refused); the first link of a type (or an explicit isPrimary) becomes the primary.

    existing_id: the ApiError to raise when a link with this id exists (v2: 400 duplicate.url; the others meet
    the service's IllegalArgumentException, a 500).
    """
    check_type(type_id, MSG_TYPE_NOT_INSTALLED)
    name = check_name(name)
    rpc_url = check_url(rpc_url, "rpcUrl")
    display_url = check_url(display_url, "displayUrl")
    db = sim.store
    try:
        with db.transaction():
            if store.get(db, link_id):
                raise existing_id or ApiError(500, f"Application with server ID {link_id} is already configured")
            first = store.primary_of_type(db, type_id) is None
            store.insert(db, {"id": link_id, "type_id": type_id, "name": suitable_name(db, name),
                              "rpc_url": rpc_url, "display_url": display_url, "is_primary": False,
                              "is_system": False, "app_version": app_version})
            if first or is_primary is True:
                store.set_primary(db, link_id, type_id)
    except sqlite3.IntegrityError:
        # The UNIQUE id constraint backs up the check above.
        raise existing_id or ApiError(500, f"Application with server ID {link_id} is already configured")
    return store.get(db, link_id)


def update(sim, who, link, *, name=None, display_url=None, rpc_url=None, is_primary=None, rpc_change=False,
           app_version=None, system_check=True):
    """Change a link. rpc_change=False: a different rpcUrl is refused (v1/v2); True: it is applied (v3, relocate).

    A name held by another link is refused (isNameInUse), unlike on create. system_check=False: the caller
    has validated the system flag its own way (v3).
    """
    if system_check:
        check_modifiable(link, who)
    changes = {}
    if name is not None:
        changes["name"] = check_name(name)
    if display_url is not None:
        changes["display_url"] = check_url(display_url, "displayUrl")
    new_rpc = check_url(rpc_url, "rpcUrl") if rpc_url is not None else link["rpc_url"]
    if app_version:
        changes["app_version"] = app_version
    db = sim.store
    with db.transaction():
        if store.get(db, link["id"]) is None:
            raise ApiError(404, MSG_NOT_FOUND)
        if "name" in changes:  # checked before the rpcUrl, as the v1/v2 resources do
            other = store.by_name(db, changes["name"])
            if other and other["id"] != link["id"]:
                raise bad(MSG_DUPLICATE_NAME)
        if new_rpc != link["rpc_url"]:
            if not rpc_change:
                raise bad(MSG_CANNOT_UPDATE_RPCURL)
            changes["rpc_url"] = new_rpc
        store.update(db, link["id"], **changes)
        if is_primary is True:
            store.set_primary(db, link["id"], link["type_id"])
    return store.get(db, link["id"])


def make_primary(sim, link):
    """DefaultApplicationLinkService.makePrimary: no system-link check."""
    with sim.store.transaction():
        store.set_primary(sim.store, link["id"], link["type_id"])
    return store.get(sim.store, link["id"])


def delete(sim, link):
    """DefaultApplicationLinkService.deleteApplicationLink: the link, its consumers and providers go; a deleted
    primary hands over to the oldest link of its type. Callers make their own checks (v1/v2 the system flag)."""
    db = sim.store
    with db.transaction():
        if not store.delete(db, link["id"]):
            raise ApiError(404, MSG_NOT_FOUND)
        if link["is_primary"]:
            rest = store.of_type(db, link["type_id"])
            if rest:
                store.set_primary(db, rest[0]["id"], link["type_id"])


def relocate(sim, link, rpc_url, display_url):
    """Point a link at new URLs, keeping its id (no name or duplicate checks: the relocate resource makes none)."""
    with sim.store.transaction():
        store.update(sim.store, link["id"], rpc_url=rpc_url, display_url=display_url)


def set_system(sim, link, system, props):
    """Simulator control: mark a link as a system link and set v3 properties."""
    with sim.store.transaction():
        if system is not None:
            store.update(sim.store, link["id"], is_system=bool(system))
        for key, value in (props or {}).items():
            store.set_property(sim.store, link["id"], str(key), value)


# ---- representations ---------------------------------------------------------------------------------------

def icon_url(sim, type_id):
    return f"{sim.base_url}/s/applinks/images/types/16{type_id}.png"


def icon_uri(sim, type_id):
    return f"{sim.base_url}/s/applinks/images/config/logos/128x128/128{type_id}.png"


def v1_view(sim, link, api_base):
    """AppLinkV1 (REST reference §2.1); null fields omitted; rpcUrl omitted for system links."""
    body = {"link": [{"href": f"{api_base}/applicationlink/{link['id']}", "rel": "self"}],
            "id": link["id"], "typeId": link["type_id"], "name": link["name"], "displayUrl": link["display_url"],
            "iconUrl": icon_url(sim, link["type_id"]), "iconUri": icon_uri(sim, link["type_id"])}
    if not link["is_system"]:
        body["rpcUrl"] = link["rpc_url"]
    body["isPrimary"] = link["is_primary"]
    body["isSystem"] = link["is_system"]
    return body


def v3_view(link):
    """AppLinkV3 without `properties` and `data` (REST reference §4.1)."""
    return {"id": link["id"], "name": link["name"], "displayUrl": link["display_url"], "rpcUrl": link["rpc_url"],
            "type": link["type_id"], "system": link["is_system"], "primary": link["is_primary"]}


def properties(sim, link_id):
    return store.properties(sim.store, link_id)
