#!/usr/bin/env python3
"""Writes Tests/AWSClientTests/Resources/sigv4-vectors.json: SigV4 signatures computed by botocore.

Each vector is a request (method, URL with its encoded query, headers, body), credentials, region, service and
a fixed time; botocore's SigV4Auth (header signing) or SigV4QueryAuth (query signing) signs it, and the vector
records the canonical request, the string to sign, the signature and the signed headers or URL, so that the
Swift signer can be checked against the reference implementation. Run: python3 scripts/make-sigv4-vectors.py
"""
import datetime
import json
import os
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

TIME = datetime.datetime(2026, 11, 25, 12, 34, 56)
KEY = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example/token=="

CASES = [
    {"name": "json-ecs-describe-tasks", "method": "POST", "url": "https://ecs.ap-northeast-2.amazonaws.com/",
     "headers": {"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.DescribeTasks"},
     "body": '{"cluster":"demo","tasks":["arn:aws:ecs:ap-northeast-2:111122223333:task/demo/abc"]}',
     "region": "ap-northeast-2", "service": "ecs", "token": None, "mode": "header"},
    {"name": "query-iam-get-role", "method": "POST", "url": "https://iam.amazonaws.com/",
     "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
     "body": "Action=GetRole&RoleName=ecsTaskExecutionRole&Version=2010-05-08",
     "region": "us-east-1", "service": "iam", "token": None, "mode": "header"},
    {"name": "query-sts-session-token", "method": "POST", "url": "https://sts.eu-west-1.amazonaws.com/",
     "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
     "body": "Action=GetCallerIdentity&Version=2011-06-15",
     "region": "eu-west-1", "service": "sts", "token": TOKEN, "mode": "header"},
    {"name": "ec2-filters-encoded", "method": "POST", "url": "https://ec2.us-west-2.amazonaws.com/",
     "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
     "body": "Action=DescribeSubnets&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b%2Fc~d&Version=2016-11-15",
     "region": "us-west-2", "service": "ec2", "token": None, "mode": "header"},
    {"name": "rest-xml-route53-get-query", "method": "GET",
     "url": "https://route53.amazonaws.com/2013-04-01/hostedzonesbyvpc?vpcid=vpc-0abc&vpcregion=eu-west-1"
            "&maxitems=2&nexttoken=a%2Bb%3D%3D",
     "headers": {}, "body": "", "region": "us-east-1", "service": "route53", "token": None, "mode": "header"},
    {"name": "path-with-encoded-characters", "method": "GET",
     "url": "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1%20A%2FB",
     "headers": {"X-Amz-Meta":  "  spaced   value  "}, "body": "", "region": "us-east-1",
     "service": "route53", "token": TOKEN, "mode": "header"},
    {"name": "non-default-port-and-repeated-keys", "method": "GET",
     "url": "http://127.0.0.1:5000/path/./to/../x?b=2&a=2&a=1&empty=",
     "headers": {}, "body": "", "region": "us-east-1", "service": "execute-api", "token": None, "mode": "header"},
    {"name": "query-signing-sts", "method": "GET",
     "url": "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
     "headers": {}, "body": "", "region": "us-east-1", "service": "sts", "token": None, "mode": "query",
     "expires": 900},
    {"name": "query-signing-with-token", "method": "GET",
     "url": "https://rds.eu-central-1.amazonaws.com/?Action=DescribeDBClusters&Version=2014-10-31",
     "headers": {}, "body": "", "region": "eu-central-1", "service": "rds", "token": TOKEN, "mode": "query",
     "expires": 3600},
]


def sign(case):
    credentials = Credentials(KEY[0], KEY[1], case["token"])
    if case["mode"] == "header":
        signer = botocore.auth.SigV4Auth(credentials, case["service"], case["region"])
    else:
        signer = botocore.auth.SigV4QueryAuth(credentials, case["service"], case["region"], case["expires"])
    request = AWSRequest(method=case["method"], url=case["url"], headers=dict(case["headers"]),
                         data=case["body"].encode())
    with mock.patch("botocore.auth.get_current_datetime", return_value=TIME):
        captured = {}
        original = signer.string_to_sign

        def spy(req, canonical_request):
            captured["canonicalRequest"] = canonical_request
            captured["stringToSign"] = original(req, canonical_request)
            return captured["stringToSign"]

        signer.string_to_sign = spy
        signer.add_auth(request)
    expected = dict(captured)
    if case["mode"] == "header":
        expected["authorization"] = request.headers["Authorization"]
        expected["signature"] = request.headers["Authorization"].rsplit("Signature=", 1)[1]
        expected["headers"] = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
    else:
        expected["url"] = request.url
        expected["signature"] = request.url.rsplit("X-Amz-Signature=", 1)[1]
    return expected


def main():
    vectors = []
    for case in CASES:
        vector = {"request": {k: case[k] for k in ("method", "url", "headers", "body")},
                  "name": case["name"], "mode": case["mode"], "region": case["region"], "service": case["service"],
                  "accessKeyId": KEY[0], "secretAccessKey": KEY[1], "sessionToken": case["token"],
                  "time": TIME.strftime("%Y-%m-%dT%H:%M:%SZ"), "expires": case.get("expires")}
        vector["expected"] = sign(case)
        vectors.append(vector)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "AWSClientTests", "Resources",
                        "sigv4-vectors.json")
    with open(path, "w") as f:
        json.dump({"generator": f"botocore {botocore.__version__}", "vectors": vectors}, f, indent=2,
                  sort_keys=True)
        f.write("\n")
    print(f"wrote {len(vectors)} vectors to {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
