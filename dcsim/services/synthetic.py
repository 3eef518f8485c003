"""Sources of the synthetic OAuth 2.0 entries in GET /rest/applinks/3.0/applinks (REST reference §4.1).

The OAuth 2.0 services register a callable here: source(sim) -> list of AppLinkV3-shaped dicts
({"id", "name", "displayUrl", "rpcUrl", "type": "generic", "system": False, "primary": False}).
The applinks service appends them to the v3 list when the V4_UI feature is on (the default).
"""

SOURCES = []


def register(source):
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def entries(sim):
    result = []
    for source in SOURCES:
        result.extend(source(sim))
    return result
