"""The harness itself: modules load from the collection and reach dcsim over HTTPS."""

from conftest import conn_vars


def test_wrong_password_fails_without_leaking_it(run_module, confluence):
    args = conn_vars(confluence, password="S3cret-wrong-pw", name="x", redirect_uris=["https://a.example/cb"])
    res = run_module("oauth2_incoming", args)
    assert res.failed
    assert "HTTP 401" in res.msg
    assert "S3cret-wrong-pw" not in res.output
