"""Creates the accounts the contract fuzzer authenticates with, through the public API.

Prints two shell assignments: ACCESS_TOKEN (a complete account's session) and REGISTRATION_TOKEN
(an activated account in the middle of registration). Reads links and SMS codes from the dev outbox.
"""
import json
import re
import sys
import time
import urllib.request

BASE = sys.argv[1].rstrip("/")
PASSWORD = "FuzzTarget2026"


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as res:
        text = res.read().decode()
        return json.loads(text) if text else None


def outbox(to, pattern):
    for _ in range(100):
        items = call("GET", "/api/v1/dev/outbox?to=" + to)["items"]
        for item in items:
            found = re.search(pattern, item["body"])
            if found:
                return found.group(1)
        time.sleep(0.05)
    raise SystemExit("nothing for %s in the dev outbox" % to)


def activated(email):
    # Registration records consent to the privacy notice in force, named by its version.
    notice = call("GET", "/api/v1/privacy-notice")["version"]
    call("POST", "/api/v1/accounts", {"email": email, "password": PASSWORD, "consent_version": notice})
    token = outbox(email, r"/activate\?token=([A-Za-z0-9_-]+)")
    return call("POST", "/api/v1/accounts/activation", {"token": token})["registration_token"]


reg = activated("fuzz.complete@example.cn")
# A demo identity (see README, "Demo identities"), so the record operations answer with data
# that the fuzzer checks against the schemas.
call("PUT", "/api/v1/registration/identity", {"name": "李华", "id_number": "31019920010802022X"}, reg)
call("POST", "/api/v1/registration/phone/code", {"phone": "13900000001"}, reg)
code = outbox("13900000001", r"(\d{6})")
call("POST", "/api/v1/registration/phone/verify", {"phone": "13900000001", "code": code}, reg)
call("POST", "/api/v1/registration/complete", None, reg)
session = call("POST", "/api/v1/sessions", {"email": "fuzz.complete@example.cn", "password": PASSWORD})
print("REGISTRATION_TOKEN=" + activated("fuzz.midway@example.cn"))
degree = call("GET", "/api/v1/me/degrees", token=session["access_token"])["items"][0]
call("POST", "/api/v1/me/verification-reports", {"record_type": "degree", "record_id": degree["id"], "valid_days": 90}, session["access_token"])
print("ACCESS_TOKEN=" + session["access_token"])
