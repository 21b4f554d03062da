"""The Lambda REST API's wire: List operations page with MaxItems/Marker (an opaque marker; one
the listing did not issue is InvalidParameterValueException), and every operation reads its
members the same way (a wrong type, a missing required member, a value outside the model's
constraints, an unknown route), with the exception class, HTTP status and message a client sees."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/lambda-e2e"
FUNCTIONS = "/2015-03-31/functions"


def code(value):
    return H.make_zip({"app.py": f"def handler(event, context):\n    return {value!r}\n"})


class LambdaWire(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client()
        cls.names = [H.unique("page") for _ in range(3)]
        for name in cls.names:
            cls.lam.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler",
                                    Role=ROLE, Code={"ZipFile": code(name)})
        first = cls.names[0]
        for value in ("v2", "v3"):
            cls.lam.update_function_code(FunctionName=first, ZipFile=code(value), Publish=True)
        for alias, version in (("a1", "1"), ("a2", "2"), ("a3", "2")):
            cls.lam.create_alias(FunctionName=first, Name=alias, FunctionVersion=version)

    def assertError(self, code_, status, fn, *args, message=None, **kw):
        with self.assertRaises(ClientError) as ctx:
            fn(*args, **kw)
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], code_, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(err["Message"], message)

    def assertHttpError(self, r, status, type_, message):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers.get("x-amzn-errortype"), type_, r)
        self.assertEqual(r.json()["message"], message, r)

    def paged(self, operation, key, **kw):
        pages = list(self.lam.get_paginator(operation).paginate(PaginationConfig={"PageSize": 1},
                                                                **kw))
        return pages, [item for page in pages for item in page[key]]

    def test_every_list_pages_with_markers(self):
        pages, functions = self.paged("list_functions", "Functions")
        self.assertEqual([f["FunctionName"] for f in functions], sorted(self.names))
        self.assertEqual(len(pages), len(self.names))
        self.assertTrue(all(len(p["Functions"]) == 1 for p in pages))
        _, every = self.paged("list_functions", "Functions", FunctionVersion="ALL")
        self.assertEqual(len(every), len(self.names) + 2)  # two published versions
        _, versions = self.paged("list_versions_by_function", "Versions",
                                 FunctionName=self.names[0])
        self.assertEqual([v["Version"] for v in versions], ["$LATEST", "1", "2"])
        _, aliases = self.paged("list_aliases", "Aliases", FunctionName=self.names[0])
        self.assertEqual([a["Name"] for a in aliases], ["a1", "a2", "a3"])
        _, on_two = self.paged("list_aliases", "Aliases", FunctionName=self.names[0],
                               FunctionVersion="2")
        self.assertEqual([a["Name"] for a in on_two], ["a2", "a3"])
        # The last page has no NextMarker.
        self.assertNotIn("NextMarker", self.lam.list_functions(MaxItems=1000))

    def test_a_marker_the_listing_did_not_issue(self):
        self.assertError("InvalidParameterValueException", 400, self.lam.list_functions,
                         Marker="garbage", message="Invalid Marker")
        marker = self.lam.list_functions(MaxItems=1)["NextMarker"]
        # Another listing's marker: of versions, of aliases, of every version.
        self.assertError("InvalidParameterValueException", 400, self.lam.list_versions_by_function,
                         FunctionName=self.names[0], Marker=marker, message="Invalid Marker")
        self.assertError("InvalidParameterValueException", 400, self.lam.list_aliases,
                         FunctionName=self.names[0], Marker=marker, message="Invalid Marker")
        self.assertError("InvalidParameterValueException", 400, self.lam.list_functions,
                         FunctionVersion="ALL", Marker=marker, message="Invalid Marker")
        self.assertEqual(len(self.lam.list_functions(MaxItems=1, Marker=marker)["Functions"]), 1)

    def test_members_are_read_the_same_way_everywhere(self):
        def http(method, path, body=None, headers=None):
            # Unsigned Lambda POSTs need a JSON content type (README, "Trust model").
            return self.server.http(method, path, body=body,
                                    headers={"Content-Type": "application/json", **(headers or {})})
        fn = self.names[1]
        cases = [
            (http("GET", FUNCTIONS + "?MaxItems=0"), 400, "ValidationException",
             "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
             "Member must have value greater than or equal to 1"),
            (http("GET", f"{FUNCTIONS}/{fn}/aliases?MaxItems=many"), 400,
             "InvalidParameterValueException", "MaxItems must be an integer"),
            (http("POST", FUNCTIONS, body=json.dumps({"FunctionName": H.unique("x"),
                                                      "Code": {"ZipFile": "UEsFBg=="}})),
             400, "ValidationException",
             "1 validation error detected: Value null at 'role' failed to satisfy constraint: "
             "Member must not be null"),
            (http("PUT", f"{FUNCTIONS}/{fn}/configuration", body=json.dumps({"Timeout": "ten"})),
             400, "InvalidParameterValueException", "Timeout must be an integer"),
            (http("PUT", f"{FUNCTIONS}/{fn}/configuration",
                  body=json.dumps({"Environment": {"Variables": {"A": 1}}})),
             400, "InvalidParameterValueException", "Environment.Variables.A must be a string"),
            (http("POST", f"{FUNCTIONS}/{fn}/aliases", body=json.dumps({"Name": "live"})),
             400, "ValidationException",
             "1 validation error detected: Value null at 'functionVersion' failed to satisfy "
             "constraint: Member must not be null"),
            (http("POST", f"{FUNCTIONS}/{fn}/invocations", body="{}",
                  headers={"X-Amz-Log-Type": "Everything"}),
             400, "ValidationException",
             "1 validation error detected: Value 'Everything' at 'logType' failed to satisfy "
             "constraint: Member must satisfy enum value set: [None, Tail]"),
            (http("PUT", f"{FUNCTIONS}/{fn}/configuration", body="{not json"), 400,
             "InvalidRequestContentException", "Could not parse request body into json"),
            (http("PATCH", f"{FUNCTIONS}/{fn}"), 404, "UnknownOperationException",
             f"No Lambda operation PATCH {FUNCTIONS}/{fn}"),
        ]
        for r, status, type_, message in cases:
            with self.subTest(message=message):
                self.assertHttpError(r, status, type_, message)
        # Nothing above changed the function.
        self.assertEqual(self.lam.get_function_configuration(FunctionName=fn)["Timeout"], 3)


if __name__ == "__main__":
    unittest.main()
