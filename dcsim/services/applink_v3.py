"""v3 `applinks` list and item views with `property`/`data` (REST reference §4.1), and feature flags (§4.3)."""

from dcsim.errors import ApiError
from dcsim.services import applink_remote as remote
from dcsim.services import applinks, synthetic
from dcsim.store import applinks as store

# Feature flags and their defaults (the ApplinksFeatures enum). The system ones are fixed: the product reads them
# from a JVM system property (atlassian.darkfeature.*) that no REST call changes.
FEATURES = {"BITBUCKET_REBRAND": True, "ONE_WAY_APPLINKS": False, "V3_UI": True, "V4_UI": True,
            "TEST_NON_SYSTEM": False}
SYSTEM_FEATURES = {"BITBUCKET_REBRAND", "ONE_WAY_APPLINKS", "V3_UI", "V4_UI"}
MSG_SYSTEM_FEATURE = "applinks.service.error.feature.system"
MSG_UNSUPPORTED_FEATURE = "applinks.rest.feature.error.unsupported"
DATA_KEYS = ("configUrl", "iconUri", "atlassian", "editable", "v3Editable", "capabilities", "applicationVersion",
             "webItems")
CONFIG_PATH = "/plugins/servlet/applinks/listApplicationLinks"
# i18n keys of DefaultApplinkValidationService (v3 PUT).
MSG_V3_SYSTEM_LINK = "applinks.service.error.validation.applink.system"
MSG_V3_URL_MALFORMED = "applinks.service.error.validation.applink.url.malformed"
MSG_V3_DUPLICATE = {"name": "applinks.service.error.validation.applink.duplicate.name",
                    "rpcUrl": "applinks.service.error.validation.applink.duplicate.rpcUrl",
                    "displayUrl": "applinks.service.error.validation.applink.duplicate.displayUrl"}


def feature_name(name):
    """RestEnumParser: the upper-cased name of a feature, else 400 with the context "feature"."""
    upper = (name or "").upper()
    if upper not in FEATURES:
        raise ApiError(400, MSG_UNSUPPORTED_FEATURE, context="feature")
    return upper


def feature_enabled(sim, name, who=None):
    """DefaultApplinksFeatureService.isEnabled: false without a user; system features keep their default."""
    if who is not None and not who.authenticated:
        return False
    stored = None if name in SYSTEM_FEATURES else store.feature(sim.store, name)
    return FEATURES[name] if stored is None else stored


def set_feature(sim, who, name, enabled):
    """DefaultApplinksFeatureService.enable/disable: a system feature is refused for everyone (400), then the
    caller must be a system administrator (validateSysadmin: 401 without a user, 403 for others)."""
    if name in SYSTEM_FEATURES:
        raise ApiError(400, MSG_SYSTEM_FEATURE)
    if not who.authenticated:
        raise ApiError(401, "You must be logged in to change a feature.")
    if not who.at_least("sysadmin"):
        raise ApiError(403, "You must be a system administrator to change a feature.")
    store.set_feature(sim.store, name, enabled)


def _data(sim, who, link, key):
    """The value of one `data` key; null when no provider exists for it."""
    atlassian = applinks.is_atlassian(link["type_id"])
    if key == "configUrl":
        return link["display_url"] + CONFIG_PATH if atlassian else None
    if key == "iconUri":
        return applinks.icon_uri(sim, link["type_id"])
    if key == "atlassian":
        return atlassian
    if key == "editable":
        return not link["is_system"] or who.at_least("sysadmin")
    if key == "v3Editable":
        return not link["is_system"]
    if key == "capabilities":
        if not atlassian:
            return None
        try:
            return remote.fetch_capabilities(sim, link["rpc_url"])
        except remote.RemoteError:
            return None
    if key == "applicationVersion":
        return link.get("app_version")
    if key == "webItems":
        return []
    return None


def view(sim, who, link, props=(), data=()):
    body = applinks.v3_view(link)
    stored = store.properties(sim.store, link["id"])
    body["properties"] = {k: stored.get(k) for k in props}
    body["data"] = {k: _data(sim, who, link, k) for k in data}
    return body


def _synthetic_view(sim, entry, props, data):
    body = {"id": entry["id"], "name": entry["name"], "displayUrl": entry["displayUrl"], "rpcUrl": entry["rpcUrl"],
            "type": entry.get("type", "generic"), "system": bool(entry.get("system", False)),
            "primary": bool(entry.get("primary", False))}
    values = {"iconUri": applinks.icon_uri(sim, "generic"), "atlassian": False, "editable": False,
              "v3Editable": False, "webItems": []}
    body["properties"] = {k: None for k in props}
    body["data"] = {k: values.get(k) for k in data}
    return body


def list_links(sim, who, props=(), data=()):
    """The real links, then the synthetic OAuth 2.0 entries when V4_UI is on (REST reference §4.1)."""
    result = [view(sim, who, link, props, data) for link in applinks.all_links(sim)]
    if feature_enabled(sim, "V4_UI"):
        result.extend(_synthetic_view(sim, entry, props, data) for entry in synthetic.entries(sim))
    return result


def require_link(sim, link_id):
    """A real link by id for v3: 400 malformed id, 404 unknown (synthetic ids are not in the store)."""
    if applinks.canonical_id(link_id) is None:
        raise ApiError(400, f"Malformed application link id: {link_id}")
    link = applinks.get(sim, link_id)
    if link is None:
        raise ApiError(404, f"No application link with id {link_id}")
    return link


def put_link(sim, who, link, body):
    """v3 PUT /applinks/{id} (ApplicationLinkV3Resource.update): name, rpcUrl, displayUrl required; then
    DefaultApplinkValidationService.validateUpdate collects every error as one 400: a system link (whoever asks),
    a malformed URL, and another link's name, rpcUrl or displayUrl; primary=true makes the link primary."""
    missing = [f for f in ("name", "rpcUrl", "displayUrl") if not isinstance(body.get(f), str) or not body[f].strip()]
    if missing:
        raise ApiError(400, f"Missing required fields: {', '.join(missing)}", details=missing)
    errors = []
    if link["is_system"]:
        errors.append({"summary": MSG_V3_SYSTEM_LINK})
    urls = {}
    for field in ("rpcUrl", "displayUrl"):
        if applinks.valid_url(body[field]):
            urls[field] = applinks.normalise_url(body[field].strip())
        else:
            errors.append({"context": field, "summary": MSG_V3_URL_MALFORMED})
    others = [other for other in applinks.all_links(sim) if other["id"] != link["id"]]
    name = body["name"].strip()
    for field, column, value in (("name", "name", name), ("rpcUrl", "rpc_url", urls.get("rpcUrl")),
                                 ("displayUrl", "display_url", urls.get("displayUrl"))):
        if value is not None and any(other[column] == value for other in others):
            errors.append({"context": field, "summary": MSG_V3_DUPLICATE[field]})
    if errors:
        raise ApiError(400, errors[0]["summary"], entries=errors)
    updated = applinks.update(sim, who, link, name=name, rpc_url=urls["rpcUrl"], display_url=urls["displayUrl"],
                              is_primary=body.get("primary"), rpc_change=True, system_check=False)
    return applinks.v3_view(updated)
