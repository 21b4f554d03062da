"""Lambda control plane through boto3: functions, $LATEST, versions, aliases, tags, and AWS's
errors (exception class, HTTP status, message) for bad inputs."""

import base64
import io
import json
import os
import stat
import sys
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/lambda-e2e"
ARN_PREFIX = "arn:aws:lambda:us-east-1:123456789012:function:"


def code(value):
    return H.make_zip({"app.py": f"def handler(event, context):\n    return {value!r}\n"})


def raw_zip(entries):
    """A zip of (name, bytes or text, st_mode) written as given: names with `..` or a leading /,
    symbolic links (S_IFLNK, the content is the target)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            info.create_system = 3  # Unix: the mode below is read
            info.external_attr = mode << 16
            z.writestr(info, data)
    return buf.getvalue()


FILE = stat.S_IFREG | 0o644
LINK = stat.S_IFLNK | 0o777
UNZIP_ERROR = "Could not unzip uploaded file. Please check your file, then try to upload again."


class LambdaApi(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client()

    def create(self, name=None, value="one", **kw):
        name = name or H.unique("fn")
        args = dict(FunctionName=name, Runtime="python3.12", Handler="app.handler", Role=ROLE,
                    Code={"ZipFile": code(value)})
        args.update(kw)
        return name, self.lam.create_function(**args)

    def invoke(self, name, **kw):
        r = self.lam.invoke(FunctionName=name, **kw)
        return r, json.loads(r["Payload"].read() or b"null")

    def assertError(self, code_, status, fn, *args, message=None, **kw):
        with self.assertRaises(ClientError) as ctx:
            fn(*args, **kw)
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], code_, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(err["Message"], message)
        return err

    def test_create_get_list_update_delete(self):
        name, r = self.create(Environment={"Variables": {"A": "1"}}, Timeout=7, MemorySize=256,
                              Description="d", Tags={"team": "x"})
        self.assertEqual(r["FunctionArn"], ARN_PREFIX + name)
        self.assertEqual(r["Version"], "$LATEST")
        self.assertEqual(r["Timeout"], 7)
        self.assertEqual(r["MemorySize"], 256)
        self.assertEqual(r["Environment"], {"Variables": {"A": "1"}})
        self.assertEqual(r["State"], "Active")
        self.assertEqual(len(base64.b64decode(r["CodeSha256"])), 32)
        g = self.lam.get_function(FunctionName=name)
        self.assertEqual(g["Configuration"]["RevisionId"], r["RevisionId"])
        self.assertEqual(g["Tags"], {"team": "x"})
        self.assertIn(name, [f["FunctionName"] for f in self.lam.list_functions()["Functions"]])
        u = self.lam.update_function_configuration(FunctionName=name, Timeout=9,
                                                   Environment={"Variables": {"B": "2"}})
        self.assertEqual(u["Timeout"], 9)
        self.assertNotEqual(u["RevisionId"], r["RevisionId"])
        self.assertEqual(self.lam.get_function_configuration(FunctionName=ARN_PREFIX + name)
                         ["Environment"], {"Variables": {"B": "2"}})
        self.lam.delete_function(FunctionName=name)
        self.assertError("ResourceNotFoundException", 404, self.lam.get_function, FunctionName=name,
                         message=f"Function not found: {ARN_PREFIX}{name}")

    def test_list_all_versions_and_paging(self):
        name, _ = self.create()
        self.lam.publish_version(FunctionName=name)
        everything = self.lam.list_functions(FunctionVersion="ALL")["Functions"]
        mine = [f["Version"] for f in everything if f["FunctionName"] == name]
        self.assertEqual(mine, ["$LATEST", "1"])
        names = set()
        for page in self.lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 1}):
            names.update(f["FunctionName"] for f in page["Functions"])
        self.assertIn(name, names)

    def test_bad_qualifier(self):
        name, _ = self.create()
        self.assertError("ValidationException", 400, self.lam.invoke, FunctionName=name,
                         Qualifier="bad!qualifier")
        self.assertError("ResourceNotFoundException", 404, self.lam.get_function_configuration,
                         FunctionName=name, Qualifier="nosuchalias")

    def test_large_zip_and_too_large_payload(self):
        big = H.make_zip({"app.py": "def handler(e, c):\n    return 'big'\n",
                          "blob.txt": base64.b64encode(os.urandom(10 * 1024 * 1024)).decode()})
        self.assertGreater(len(big), 9 * 1024 * 1024)
        name, r = self.create(Code={"ZipFile": big})
        self.assertEqual(r["CodeSize"], len(big))
        self.assertEqual(self.invoke(name)[1], "big")
        self.assertError("RequestTooLargeException", 413, self.lam.invoke, FunctionName=name,
                         Payload=json.dumps({"x": "y" * (7 * 1024 * 1024)}).encode())

    def test_create_twice_conflicts(self):
        name, _ = self.create()
        self.assertError("ResourceConflictException", 409, self.create, name,
                         message=f"Function already exist: {name}")

    def test_concurrent_creates_of_one_name(self):
        import threading
        name = H.unique("race")
        outcomes = []
        clients = [self.server.lambda_client() for _ in range(4)]

        def create(client, i):
            try:
                client.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler",
                                       Role=ROLE, Code={"ZipFile": code(i)})
                outcomes.append("created")
            except ClientError as e:
                outcomes.append(e.response["Error"]["Code"])

        threads = [threading.Thread(target=create, args=(c, i)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        self.assertEqual(sorted(outcomes), ["ResourceConflictException"] * 3 + ["created"])
        self.assertIn(self.invoke(name)[1], [0, 1, 2, 3])

    def test_publish_rules(self):
        name, r = self.create(value="v1")
        v1 = self.lam.publish_version(FunctionName=name)
        self.assertEqual(v1["Version"], "1")
        self.assertEqual(v1["FunctionArn"], f"{ARN_PREFIX}{name}:1")
        # $LATEST unchanged: no new version, the latest one is returned.
        self.assertEqual(self.lam.publish_version(FunctionName=name)["Version"], "1")
        self.assertError("PreconditionFailedException", 412, self.lam.publish_version,
                         FunctionName=name, RevisionId="not-the-revision")
        err = self.assertError("InvalidParameterValueException", 400, self.lam.publish_version,
                               FunctionName=name, CodeSha256="AAAA")
        self.assertIn("is different from current CodeSHA256 in $LATEST", err["Message"])
        u = self.lam.update_function_code(FunctionName=name, ZipFile=code("v2"), Publish=True)
        self.assertEqual(u["Version"], "2")
        self.assertError("PreconditionFailedException", 412, self.lam.update_function_code,
                         FunctionName=name, ZipFile=code("v3"), RevisionId="stale")
        versions = [v["Version"] for v in self.lam.list_versions_by_function(FunctionName=name)["Versions"]]
        self.assertEqual(versions, ["$LATEST", "1", "2"])
        self.assertEqual(self.invoke(name, Qualifier="1")[1], "v1")
        self.assertEqual(self.invoke(name, Qualifier="2")[1], "v2")
        self.assertEqual(self.invoke(f"{name}:1")[1], "v1")
        # Versions are immutable: new code in $LATEST does not touch version 1.
        self.lam.update_function_code(FunctionName=name, ZipFile=code("v3"))
        self.assertEqual(self.invoke(name, Qualifier="1")[1], "v1")
        r, body = self.invoke(name)
        self.assertEqual((body, r["ExecutedVersion"]), ("v3", "$LATEST"))

    def test_delete_version(self):
        name, _ = self.create()
        self.lam.publish_version(FunctionName=name)
        self.lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
        self.assertError("ResourceConflictException", 409, self.lam.delete_function,
                         FunctionName=name, Qualifier="1")
        self.assertError("InvalidParameterValueException", 400, self.lam.delete_function,
                         FunctionName=name, Qualifier="$LATEST")
        self.lam.delete_alias(FunctionName=name, Name="live")
        self.lam.delete_function(FunctionName=name, Qualifier="1")
        self.assertError("ResourceNotFoundException", 404, self.lam.invoke, FunctionName=name,
                         Qualifier="1")
        # The numbers are never reused.
        self.lam.update_function_code(FunctionName=name, ZipFile=code("again"))
        self.assertEqual(self.lam.publish_version(FunctionName=name)["Version"], "2")

    def test_aliases(self):
        name, _ = self.create(value="a")
        self.lam.publish_version(FunctionName=name)
        self.lam.update_function_code(FunctionName=name, ZipFile=code("b"), Publish=True)
        a = self.lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1",
                                  Description="x")
        self.assertEqual(a["AliasArn"], f"{ARN_PREFIX}{name}:live")
        self.assertError("ResourceConflictException", 409, self.lam.create_alias,
                         FunctionName=name, Name="live", FunctionVersion="1")
        self.assertEqual(self.invoke(name, Qualifier="live")[0]["ExecutedVersion"], "1")
        u = self.lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2")
        self.assertNotEqual(u["RevisionId"], a["RevisionId"])
        r, body = self.invoke(f"{ARN_PREFIX}{name}:live")
        self.assertEqual((r["ExecutedVersion"], body), ("2", "b"))
        self.assertError("PreconditionFailedException", 412, self.lam.update_alias,
                         FunctionName=name, Name="live", RevisionId=a["RevisionId"])
        self.assertError("ResourceNotFoundException", 404, self.lam.create_alias,
                         FunctionName=name, Name="other", FunctionVersion="9")
        self.assertError("InvalidParameterValueException", 400, self.lam.update_alias,
                         FunctionName=name, Name="live",
                         RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
        w = self.lam.update_alias(FunctionName=name, Name="live", FunctionVersion="1",
                                  RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
        self.assertEqual(w["RoutingConfig"], {"AdditionalVersionWeights": {"2": 0.25}})
        self.assertEqual([x["Name"] for x in self.lam.list_aliases(FunctionName=name)["Aliases"]],
                         ["live"])
        self.assertEqual(self.lam.get_alias(FunctionName=name, Name="live")["FunctionVersion"], "1")
        self.lam.delete_alias(FunctionName=name, Name="live")
        self.assertError("ResourceNotFoundException", 404, self.lam.get_alias, FunctionName=name,
                         Name="live", message=f"Cannot find alias arn: {ARN_PREFIX}{name}:live")
        self.assertError("ResourceNotFoundException", 404, self.lam.invoke, FunctionName=name,
                         Qualifier="live", message=f"Function not found: {ARN_PREFIX}{name}:live")

    def test_tags(self):
        name, r = self.create(Tags={"a": "1"})
        arn = r["FunctionArn"]
        self.lam.tag_resource(Resource=arn, Tags={"b": "2"})
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"a": "1", "b": "2"})
        self.lam.untag_resource(Resource=arn, TagKeys=["a"])
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"b": "2"})
        self.assertError("ResourceNotFoundException", 404, self.lam.list_tags,
                         Resource=ARN_PREFIX + "missing")

    def test_invoke_types_and_errors(self):
        name, _ = self.create(value={"ok": True})
        r = self.lam.invoke(FunctionName=name, InvocationType="DryRun")
        self.assertEqual(r["StatusCode"], 204)
        r = self.lam.invoke(FunctionName=name, InvocationType="Event", Payload=b"{}")
        self.assertEqual(r["StatusCode"], 202)
        self.assertError("ResourceNotFoundException", 404, self.lam.invoke, FunctionName="nope-fn",
                         # as Step Functions relays it from Lambda in AWS's recordings
                         message=f"Function not found: {ARN_PREFIX}nope-fn:$LATEST")
        self.assertError("InvalidRequestContentException", 400, self.lam.invoke,
                         FunctionName=name, Payload=b"{not json")
        self.assertError("ResourceNotFoundException", 404, self.lam.invoke, FunctionName=name,
                         Qualifier="7")
        self.assertError("InvalidParameterValueException", 400, self.lam.invoke,
                         FunctionName=f"{name}:1", Qualifier="2")

    def test_bad_inputs_on_create(self):
        err = self.assertError("InvalidParameterValueException", 400, self.create,
                               Code={"ZipFile": b"this is not a zip file"})
        self.assertEqual(err["Message"], "Could not unzip uploaded file. Please check your file, "
                                         "then try to upload again.")
        self.assertError("InvalidParameterValueException", 400, self.create, Runtime="cobol85")
        self.assertError("ValidationException", 400, self.create, Timeout=901)
        self.assertError("ValidationException", 400, self.create, name="bad name!")

    def test_packages_leaving_their_folder_are_refused(self):
        marker = H.unique("escaped")
        handler = ("app.py", "def handler(event, context):\n    return 'fine'\n", FILE)
        packages = {
            "dot-dot": [handler, (f"../../../../../{marker}", "x", FILE)],
            "dot-dot-inside": [handler, (f"lib/../../../../../../{marker}", "x", FILE)],
            "absolute": [handler, (f"/tmp/{marker}", "x", FILE)],
            "link-up": [handler, ("up", "../../../../..", LINK), (f"up/{marker}", "x", FILE)],
            "link-absolute": [handler, ("etc", "/etc", LINK)],
            "link-leaves-later": [handler, ("here", ".", LINK), ("out", "here/here/../..", LINK)],
        }
        name, _ = self.create(value="old")
        for label, entries in packages.items():
            with self.subTest(label):
                self.assertError("InvalidParameterValueException", 400, self.create,
                                 Code={"ZipFile": raw_zip(entries)}, message=UNZIP_ERROR)
                self.assertError("InvalidParameterValueException", 400,
                                 self.lam.update_function_code, FunctionName=name,
                                 ZipFile=raw_zip(entries), message=UNZIP_ERROR)
        # The refused updates changed nothing; nothing was written outside the code folders.
        self.assertEqual(self.invoke(name)[1], "old")
        for top in (os.path.dirname(self.server.data_dir), "/tmp"):
            for dirpath, dirnames, filenames in os.walk(top):
                self.assertNotIn(marker, filenames + dirnames, dirpath)

    def test_package_with_links_and_modes_inside(self):
        zip_ = raw_zip([
            ("real.py", "def handler(event, context):\n    return 'via link'\n", FILE),
            ("app.py", "real.py", LINK),
            ("lib/", "", stat.S_IFDIR | 0o755),
            ("lib/self", "..", LINK),
        ])
        name, r = self.create(Code={"ZipFile": zip_})
        self.assertEqual(r["CodeSize"], len(zip_))
        self.assertEqual(self.invoke(name)[1], "via link")

    def test_unzipped_size_quota(self):
        # 251 MiB of zeros deflate to about 250 KB; Lambda's quota is 250 MB (262144000 bytes).
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("zeros.bin", "w", force_zip64=True) as f:
                chunk = bytes(1 << 20)
                for _ in range(251):
                    f.write(chunk)
        self.assertError("InvalidParameterValueException", 400, self.create,
                         Code={"ZipFile": buf.getvalue()},
                         message="Unzipped size must be smaller than 262144000 bytes")


if __name__ == "__main__":
    unittest.main()
