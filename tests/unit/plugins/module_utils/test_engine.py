"""The ensure engine with a fake Resource: one write gate, check mode, redacted diff, the single catch site."""

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.atlassian_dc.applinks.plugins.module_utils import _engine
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._compare import SECRET_MASK
from ansible_collections.atlassian_dc.applinks.plugins.module_utils._engine import (
    Resource, _Step, build_module, ensure, run)
from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.errors import (
    AmbiguousWriteError, HttpError, InputError, TransportError)

SECRET = "the-real-secret-0123456789"
PASSWORD = "Adm1n-S3cret-pw"

ARGSPEC = dict(name=dict(type="str", required=True), color=dict(type="str"),
               secret=dict(type="str", no_log=True), rotate=dict(type="bool", default=False),
               state=dict(type="str", choices=["present", "absent"], default="present"))


class FakeTransport(object):
    def __init__(self):
        self.requests = []

    def request(self, method, path, **kwargs):
        self.requests.append((method, path))
        raise AssertionError("the fake resource never uses the transport")


class FakeResource(Resource):
    """A widget kept in `store` (class attribute, reset per test); records every hook call."""

    kind = "widget"
    secret_keys = ("secret",)
    normalizers = {"color": lambda v: v.lower() if v else v}
    store = {}
    calls = []
    fail = {}

    def _hook(self, name):
        FakeResource.calls.append(name)
        if name in FakeResource.fail:
            raise FakeResource.fail[name]

    def validate(self):
        self._hook("validate")
        if self.name == "bad":
            raise InputError("name", "must not be 'bad'")

    def find(self):
        self._hook("find")
        found = FakeResource.store.get(self.name)
        return dict(found) if found else None

    def desired(self):
        return {"name": self.name, "color": self.params.get("color")}

    def forced(self, current):
        return ["secret"] if self.params.get("rotate") else []

    def create(self, desired):
        self._hook("create")
        FakeResource.store[self.name] = dict(desired, id="w1", secret=SECRET)
        return dict(FakeResource.store[self.name])

    def update(self, current, desired, changes):
        self._hook("update:" + ",".join(changes))
        obj = FakeResource.store[self.name]
        obj.update((k, v) for k, v in desired.items() if v is not None)
        if "secret" in changes:
            obj["secret"] = SECRET + "-new"
        return dict(obj)

    def delete(self, current):
        self._hook("delete")
        del FakeResource.store[self.name]

    def result(self, resource):
        return {"widget": resource or {}}


@pytest.fixture(autouse=True)
def reset_fake():
    FakeResource.store = {}
    FakeResource.calls = []
    FakeResource.fail = {}
    yield


def full_args(args, check=False, diff=False):
    full = dict(url="https://product.example.com", username="admin", password=PASSWORD)
    full.update(args)
    if check:
        full["_ansible_check_mode"] = True
    if diff:
        full["_ansible_diff"] = True
    return full


def module_for(args, check=False, diff=False):
    with patch_module_args(full_args(args, check, diff)):
        return build_module(ARGSPEC)


def writes():
    return [c for c in FakeResource.calls if c.split(":")[0] in ("create", "update", "delete")]


def existing(**fields):
    obj = {"id": "w1", "name": "w", "color": "red", "secret": SECRET}
    obj.update(fields)
    FakeResource.store["w"] = obj
    return obj


def do_ensure(args, check=False, diff=False):
    module = module_for(args, check, diff)
    resource = FakeResource(module, FakeTransport())
    return ensure(module, resource, _Step())


# --- ensure -------------------------------------------------------------------------------------------

def test_create():
    result = do_ensure({"name": "w", "color": "red"})
    assert result["changed"] is True
    assert writes() == ["create"]
    assert result["widget"]["color"] == "red" and FakeResource.store["w"]["color"] == "red"


def test_check_mode_create_sends_nothing_and_predicts():
    result = do_ensure({"name": "w", "color": "red"}, check=True)
    assert result["changed"] is True
    assert writes() == [] and FakeResource.store == {}
    assert result["widget"] == {"name": "w", "color": "red"}


def test_unchanged_after_normalisation():
    existing(color="RED")
    result = do_ensure({"name": "w", "color": "red"})
    assert result["changed"] is False and writes() == []
    assert result["widget"]["color"] == "RED"


def test_unmanaged_field_is_not_compared():
    existing(color="blue")
    assert do_ensure({"name": "w"})["changed"] is False
    assert writes() == []


def test_update():
    existing()
    result = do_ensure({"name": "w", "color": "blue"})
    assert result["changed"] is True and writes() == ["update:color"]
    assert result["widget"]["color"] == "blue"


def test_check_mode_update_sends_nothing_and_predicts():
    existing()
    result = do_ensure({"name": "w", "color": "blue"}, check=True)
    assert result["changed"] is True and writes() == []
    assert result["widget"]["color"] == "blue" and FakeResource.store["w"]["color"] == "red"


def test_forced_write_without_field_changes():
    existing()
    result = do_ensure({"name": "w", "color": "red", "rotate": True})
    assert result["changed"] is True and writes() == ["update:secret"]
    assert FakeResource.store["w"]["secret"] == SECRET + "-new"


def test_forced_write_in_check_mode_sends_nothing():
    existing()
    result = do_ensure({"name": "w", "rotate": True}, check=True)
    assert result["changed"] is True and writes() == []
    assert FakeResource.store["w"]["secret"] == SECRET


def test_delete_and_check_mode_delete():
    existing()
    result = do_ensure({"name": "w", "state": "absent"}, check=True)
    assert result["changed"] is True and writes() == [] and "w" in FakeResource.store
    assert result["widget"] == {}
    result = do_ensure({"name": "w", "state": "absent"})
    assert result["changed"] is True and writes() == ["delete"] and FakeResource.store == {}


def test_absent_when_absent_is_unchanged():
    result = do_ensure({"name": "w", "state": "absent"}, diff=True)
    assert result["changed"] is False and writes() == []
    assert result["diff"] == {"before": {}, "after": {}}


def test_diff_is_redacted_on_create_update_and_delete():
    result = do_ensure({"name": "w", "color": "red"}, diff=True)
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["secret"] == SECRET_MASK
    result = do_ensure({"name": "w", "color": "blue", "rotate": True}, diff=True)
    assert result["diff"]["before"]["secret"] == SECRET_MASK and result["diff"]["before"]["color"] == "red"
    assert result["diff"]["after"]["secret"] == SECRET_MASK and result["diff"]["after"]["color"] == "blue"
    result = do_ensure({"name": "w", "state": "absent"}, diff=True)
    assert result["diff"]["before"]["secret"] == SECRET_MASK and result["diff"]["after"] == {}
    # the diffs never carry the secret; the resource itself is returned unredacted on purpose
    for res in (result,):
        assert SECRET not in json.dumps(res["diff"])


def test_no_diff_key_without_diff_mode():
    assert "diff" not in do_ensure({"name": "w", "color": "red"})


# --- run: the single catch site -----------------------------------------------------------------------

def run_module(args, monkeypatch, capsys, check=False):
    return run_module_with_transport(args, monkeypatch, capsys, check)[0]


def run_module_with_transport(args, monkeypatch, capsys, check=False):
    transport = FakeTransport()
    monkeypatch.setattr(_engine, "transport_from_params", lambda params, warn=None: transport)
    with patch_module_args(full_args(args, check=check)):
        module = build_module(ARGSPEC)
        with pytest.raises(SystemExit):
            run(module, FakeResource)
    out = json.loads(capsys.readouterr().out)
    return out, transport


def test_run_success_exits_with_result(monkeypatch, capsys):
    out, transport = run_module_with_transport({"name": "w", "color": "red"}, monkeypatch, capsys)
    assert out["changed"] is True and out["widget"]["color"] == "red"
    assert not out.get("failed") and transport.requests == []


def test_run_input_error_names_the_option_and_writes_nothing(monkeypatch, capsys):
    out = run_module({"name": "bad", "color": "red"}, monkeypatch, capsys)
    assert out["failed"] is True
    assert out["msg"] == "Invalid option name: must not be 'bad'" and out["option"] == "name"
    assert FakeResource.calls == ["validate"]


def test_run_validates_connection_first(monkeypatch, capsys):
    out = run_module({"name": "w", "url": "not a url"}, monkeypatch, capsys)
    assert out["failed"] is True and out["msg"].startswith("Invalid option url: must be an absolute http(s) URL")
    assert FakeResource.calls == []


def test_run_missing_credentials(monkeypatch, capsys):
    out = run_module({"name": "w", "password": None}, monkeypatch, capsys)
    assert out["failed"] is True and out["option"] == "password"
    assert "ATLASSIAN_PASSWORD" in out["msg"]


@pytest.mark.parametrize("hook, verb", [("find", "read"), ("create", "create")])
def test_run_http_error_names_the_step_and_object(monkeypatch, capsys, hook, verb):
    FakeResource.fail[hook] = HttpError(500, "GET", "https://product.example.com/rest/x", ["boom"])
    out = run_module({"name": "w", "color": "red"}, monkeypatch, capsys)
    assert out["failed"] is True
    assert out["msg"] == "Failed to %s widget 'w': HTTP 500 from GET /rest/x: boom" % verb
    # The failure result carries the request that failed, for callers that branch on it.
    assert (out["status"], out["method"], out["url"]) == (500, "GET", "https://product.example.com/rest/x")


def test_run_update_and_delete_errors_name_the_step(monkeypatch, capsys):
    existing()
    FakeResource.fail["update:color"] = TransportError("cannot connect to https://product.example.com/x")
    out = run_module({"name": "w", "color": "blue"}, monkeypatch, capsys)
    assert out["msg"].startswith("Failed to update widget 'w': cannot connect") and out.get("status") is None
    FakeResource.fail["delete"] = AmbiguousWriteError("lost")
    out = run_module({"name": "w", "state": "absent"}, monkeypatch, capsys)
    assert out["msg"] == "Failed to delete widget 'w': lost"


def test_run_failure_output_never_carries_the_password_or_secret(monkeypatch, capsys):
    existing()
    FakeResource.fail["update:color"] = HttpError(401, "PUT", "https://product.example.com/rest/oauth2/latest/c")
    out = run_module({"name": "w", "color": "blue", "secret": SECRET}, monkeypatch, capsys)
    assert out["failed"] is True
    text = json.dumps(out)
    assert PASSWORD not in text and SECRET not in text


def test_run_check_mode_sends_nothing(monkeypatch, capsys):
    existing()
    out, transport = run_module_with_transport({"name": "w", "color": "blue", "rotate": True}, monkeypatch, capsys, check=True)
    assert out["changed"] is True and writes() == [] and transport.requests == []
