"""Which error body a path answers with (REST reference §1.3), decided in one place from the path."""

import json
import xml.etree.ElementTree as ET

# Ordered: first matching prefix wins. Paths are relative to the context path.
_FAMILIES = (
    ("/_dcsim", "sim"),
    ("/rest/applinks/3.0/applinks", "v3"),
    ("/rest/applinks/3.0/status", "v3"),
    ("/rest/applinks/3.0/capabilities", "v3"),
    ("/rest/applinks/3.0/features", "v3"),
    ("/rest/applinks/3.0/migration", "v3"),
    ("/rest/applinks/latest/applinks", "v3"),
    ("/rest/applinks/latest/status", "v3"),
    ("/rest/applinks/latest/capabilities", "v3"),
    ("/rest/applinks/latest/features", "v3"),
    ("/rest/applinks", "status"),
    ("/rest/applinks-oauth", "status"),
    ("/rest/oauth2/latest/token/", "oauth2"),    # token/jwt/reset is an admin resource (REST reference §1.4)
    ("/rest/oauth2/latest/revoke/", "oauth2"),   # revoke/{tokenId}: the user profile page's resource
    ("/rest/oauth2/latest/token", "token"),
    ("/rest/oauth2/latest/revoke", "token"),
    ("/rest/oauth2", "oauth2"),
    ("/rest/oauth2-client", "oauth2"),
    ("/rest/pat", "rest"),
    ("/rest/api", "rest"),
    ("/rest/auth", "rest"),
    ("/rest/basicauth", "rest"),
    ("/rest/", "status"),
    ("/plugins/servlet", "plain"),
)

# Status-body keys that are bare link arrays in JSON and `link` wrappers in XML (REST reference §12.4).
_LINK_LISTS = ("resources-created", "resources-updated")

# ApiError.kind of an error-list body answered by a resource of another family (a v3 resource that calls
# RestUtil.badRequest, e.g. ApplinkStatusResource for a relative authorisationCallback).
ERRORLIST_ANYWHERE = "errorlist-anywhere"

# Families whose resources answer XML unless the client asks for JSON (REST reference §1.2).
XML_FAMILIES = {"status"}


def family_for(path):
    for prefix, family in _FAMILIES:
        if path.startswith(prefix):
            return family
    return "plain"


def wants_xml(family, accept_header):
    return family in XML_FAMILIES and "application/json" not in (accept_header or "")


def error_body(family, err):
    """(body dict or text, extra headers) for an ApiError in the given family."""
    if family == "v3":
        if err.entries:
            return {"status": err.status, "errors": [dict(e) for e in err.entries]}, {}
        entry = {"summary": err.message}
        if err.context:
            entry["context"] = err.context
        if err.details:
            entry["details"] = list(err.details)
        return {"status": err.status, "errors": [entry]}, {}
    if family == "oauth2":
        return ({"errors": list(err.messages), "fieldErrors": err.field_errors or {}},
                {"Cache-Control": "no-cache, no-store"})
    if family == "token":
        return {"error": err.error or "invalid_request", "error_description": err.message}, {}
    if family == "sim":
        return {"error": err.message}, {}
    if family == "plain":
        return err.message, {}
    if err.kind in ("errorlist", ERRORLIST_ANYWHERE) or err.fields:
        body = {"status": err.status, "message": list(err.messages)}
        if err.fields:
            body["fields"] = list(err.fields)
        return body, {}
    return {"status-code": err.status, "message": err.message}, {}


def _to_xml(parent, value, tag):
    if isinstance(value, dict):
        el = ET.SubElement(parent, tag) if parent is not None else ET.Element(tag)
        for k, v in value.items():
            if v is None:
                continue
            if k in ("link",) and isinstance(v, list):
                for item in v:
                    ET.SubElement(el, "link", {a: str(b) for a, b in item.items()})
                continue
            if k in _LINK_LISTS and isinstance(v, list):
                _to_xml(el, {"link": v}, k)  # REST reference §12.4: JSON arrays, XML <k><link .../></k>
                continue
            _to_xml(el, v, k)
        return el
    if isinstance(value, list):
        for item in value:
            _to_xml(parent, item, tag)
        return parent
    el = ET.SubElement(parent, tag)
    el.text = str(value).lower() if isinstance(value, bool) else str(value)
    return el


def render_xml(body, root):
    """A faithful-enough XML rendering of a JSON body (dcsim simplification, see dcsim/README.md)."""
    if isinstance(body, dict) and len(body) == 1 and root is None:
        root, body = next(iter(body.items()))
    el = _to_xml(None, body if isinstance(body, dict) else {"item": body}, root or "status")
    return ET.tostring(el, encoding="unicode", xml_declaration=False)


def dumps(body):
    return json.dumps(body, separators=(",", ":"))
