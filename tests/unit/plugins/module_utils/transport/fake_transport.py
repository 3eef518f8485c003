"""Fakes for the Transport's tests: a requests adapter that answers canned replies and records what was sent."""

import email.message
import json

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.atlassian_dc.applinks.plugins.module_utils.transport.http import Transport

BASE = "https://product.example.com/confluence"
PASSWORD = "pw-Very-S3cret"


def reply(status=200, body=None, headers=None, text=None, raw=None):
    """A canned answer: a requests.Response built lazily, or an exception instance to raise.
    body: JSON; text: text/plain unless headers say otherwise; raw: bytes as they are."""
    return {"status": status, "body": body, "headers": headers or {}, "text": text, "raw": raw}


class RawWithHeaders(object):
    """What requests' cookie extraction reads from a urllib3 response: `_original_response.msg`."""

    def __init__(self, headers):
        msg = email.message.Message()
        for key, value in headers.items():
            for item in (value if isinstance(value, list) else [value]):
                msg[key] = item
        self._original_response = type("Original", (), {"msg": msg})()


class FakeAdapter(BaseAdapter):
    def __init__(self, answers):
        super(FakeAdapter, self).__init__()
        self.answers = list(answers)
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append({"method": request.method, "url": request.url, "headers": dict(request.headers),
                          "body": request.body, "verify": kwargs.get("verify"), "timeout": kwargs.get("timeout"),
                          "proxies": kwargs.get("proxies"), "cert": kwargs.get("cert")})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.status_code = answer["status"]
        headers = dict(answer["headers"])
        if answer.get("raw") is not None:
            response._content = answer["raw"]
        elif answer["body"] is not None:
            response._content = json.dumps(answer["body"]).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            response._content = (answer["text"] or "").encode()
            if answer["text"]:
                headers.setdefault("Content-Type", "text/plain")
        response.headers = CaseInsensitiveDict(headers)
        response.raw = RawWithHeaders(headers)   # lets requests read Set-Cookie like from a real socket
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


class Recorder(object):
    def __init__(self):
        self.sleeps = []
        self.warnings = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def warn(self, msg):
        self.warnings.append(msg)


def make(answers, **kwargs):
    rec = Recorder()
    kwargs.setdefault("username", "admin")
    kwargs.setdefault("password", PASSWORD)
    transport = Transport(BASE, warn=rec.warn, sleep=rec.sleep, **kwargs)
    adapter = FakeAdapter(answers)
    transport.session.mount("https://", adapter)
    transport.session.mount("http://", adapter)
    return transport, adapter, rec
