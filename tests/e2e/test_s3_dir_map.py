"""A distributed Map over Amazon S3 with --s3-dir (a folder standing in for S3, one sub-folder per
bucket), through boto3: ItemReader (s3:getObject with JSON, JSON Lines and CSV; s3:listObjectsV2),
ReaderConfig (MaxItems, MaxItemsPath, CSV headers and delimiters), the manifests (an S3 inventory
report's manifest.json with gzip'd CSV files, an Athena UNLOAD manifest), ItemBatcher over what was read,
States.ItemReaderFailed with MapRunFailed's details, and ResultWriter's files (manifest.json,
SUCCEEDED_0.json, FAILED_0.json, PENDING_0.json) checked on disk."""

import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROWS = [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cy"}]


def map_def(reader=None, processor=None, **extra):
    state = {"Type": "Map", "ItemProcessor": processor or {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}
    if reader is not None:
        state["ItemReader"] = reader
    state.update(extra)
    return H.definition({"M": state})


def get_object(key, config, bucket="data"):
    return {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": config,
            "Parameters": {"Bucket": bucket, "Key": key}}


def types(events):
    return [e["type"] for e in events]


def details(events, type_):
    return [next(v for k, v in e.items() if k.endswith("EventDetails")) for e in events if e["type"] == type_]


class S3DirMap(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="sfn-s3-dir-")
        data = os.path.join(cls.dir, "data")
        os.makedirs(os.path.join(data, "logs", "2024"))
        os.makedirs(os.path.join(cls.dir, "out"))
        with open(os.path.join(data, "rows.json"), "w") as f:
            json.dump(ROWS, f)
        with open(os.path.join(data, "rows.jsonl"), "w") as f:
            f.write("\n".join(json.dumps(r) for r in ROWS) + "\n")
        with open(os.path.join(data, "rows.csv"), "w") as f:
            f.write('id,name,note\n1,ada,"a, quoted"\n2,bob,\n3,cy,x,extra\n')
        with open(os.path.join(data, "rows.psv"), "w") as f:
            f.write("1|ada\n2|bob\n")
        with open(os.path.join(data, "nested.json"), "w") as f:
            json.dump({"shop": {"rows": ROWS}}, f)
        with open(os.path.join(data, "object.json"), "w") as f:
            f.write('{"not": "a list"}')
        for name in ("a.txt", "b.txt"):
            with open(os.path.join(data, "logs", "2024", name), "w") as f:
                f.write(name)
        # An S3 inventory report: manifest.json naming gzip'd CSV files in the destination bucket.
        inv = os.path.join(cls.dir, "inventory", "src", "cfg")
        os.makedirs(os.path.join(inv, "data"))
        os.makedirs(os.path.join(inv, "2024-01-01T00-00Z"))
        for name, rows in (("p0.csv.gz", ['"src","a.txt","1","2024-01-01T00:00:00.000Z"',
                                          '"src","b/c.txt","22","2024-01-02T00:00:00.000Z"']),
                           ("p1.csv.gz", ['"src","d.txt","333","2024-01-03T00:00:00.000Z"'])):
            with open(os.path.join(inv, "data", name), "wb") as f:
                f.write(gzip.compress(("\n".join(rows) + "\n").encode()))
        with open(os.path.join(inv, "2024-01-01T00-00Z", "manifest.json"), "w") as f:
            json.dump({"sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inventory",
                       "version": "2016-11-30", "fileFormat": "CSV",
                       "fileSchema": "Bucket, Key, Size, LastModifiedDate",
                       "files": [{"key": "src/cfg/data/p0.csv.gz", "size": 1, "MD5checksum": "x"},
                                 {"key": "src/cfg/data/p1.csv.gz", "size": 1, "MD5checksum": "y"}]}, f)
        # An Athena UNLOAD manifest: one s3:// URI a line, JSON Lines data files.
        os.makedirs(os.path.join(data, "athena"))
        with open(os.path.join(data, "athena", "q-manifest.csv"), "w") as f:
            f.write("s3://data/athena/part1\ns3://data/rows.jsonl\n")
        with open(os.path.join(data, "athena", "part1"), "w") as f:
            f.write('{"id": 0, "name": "zed"}\n')
        cls.EXTRA_ARGS = ("--s3-dir", cls.dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_json_array_read_from_the_folder(self):
        d, events = self.run_execution(map_def(get_object("rows.json", {"InputType": "JSON"})))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual(ROWS, json.loads(d["output"]))
        self.assertEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                          "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"],
                         types(events))
        self.assertEqual([{"length": 0}], details(events, "MapStateStarted"))
        self.assertHistoryChain(events)
        run_arn = details(events, "MapRunStarted")[0]["mapRunArn"]
        run = self.sfn.describe_map_run(mapRunArn=run_arn)
        self.assertEqual("SUCCEEDED", run["status"])
        self.assertEqual(3, run["itemCounts"]["total"])

    def test_json_items_pointer(self):
        d, _ = self.run_execution(map_def(get_object("nested.json", {"InputType": "JSON",
                                                                      "ItemsPointer": "/shop/rows"})))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual(ROWS, json.loads(d["output"]))

    def test_json_lines_with_max_items(self):
        d, _ = self.run_execution(map_def(get_object("rows.jsonl", {"InputType": "JSONL", "MaxItems": 2})))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual(ROWS[:2], json.loads(d["output"]))

    def test_csv_first_row_headers(self):
        d, _ = self.run_execution(map_def(get_object("rows.csv", {"InputType": "CSV",
                                                                   "CSVHeaderLocation": "FIRST_ROW"})))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual([{"id": "1", "name": "ada", "note": "a, quoted"},
                          {"id": "2", "name": "bob", "note": ""},
                          {"id": "3", "name": "cy", "note": "x"}], json.loads(d["output"]))

    def test_csv_given_headers_pipe_delimiter_and_max_items_path(self):
        reader = get_object("rows.psv", {"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                                         "CSVHeaders": ["n", "who"], "CSVDelimiter": "PIPE",
                                         "MaxItemsPath": "$.limit"})
        d, _ = self.run_execution(map_def(reader), '{"limit": 1}')
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual([{"n": "1", "who": "ada"}], json.loads(d["output"]))

    def test_s3_inventory_manifest(self):
        key = "src/cfg/2024-01-01T00-00Z/manifest.json"
        for config in ({"InputType": "MANIFEST"}, {"ManifestType": "S3_INVENTORY"}):
            d, _ = self.run_execution(map_def(get_object(key, config, bucket="inventory")))
            self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
            # As the developer guide's child input shows them: strings, keys in AWS's order.
            self.assertEqual('[{"LastModifiedDate":"2024-01-01T00:00:00.000Z","Bucket":"src","Size":"1",'
                             '"Key":"a.txt"},{"LastModifiedDate":"2024-01-02T00:00:00.000Z","Bucket":"src",'
                             '"Size":"22","Key":"b/c.txt"},{"LastModifiedDate":"2024-01-03T00:00:00.000Z",'
                             '"Bucket":"src","Size":"333","Key":"d.txt"}]', d["output"])
        # MaxItems counts across the report's files.
        d, _ = self.run_execution(map_def(get_object(key, {"ManifestType": "S3_INVENTORY", "MaxItems": 2},
                                                     bucket="inventory")))
        self.assertEqual(["a.txt", "b/c.txt"], [i["Key"] for i in json.loads(d["output"])])
        d, _ = self.run_execution(map_def(get_object(key, {"ManifestType": "S3_INVENTORY", "InputType": "CSV"},
                                                     bucket="inventory")))
        self.assertEqual(("FAILED", "States.ItemReaderFailed",
                          "InputType cannot be specified when ManifestType is S3_INVENTORY"),
                         (d["status"], d.get("error"), d.get("cause")))

    def test_athena_manifest(self):
        reader = get_object("athena/q-manifest.csv", {"ManifestType": "ATHENA_DATA", "InputType": "JSONL"})
        d, _ = self.run_execution(map_def(reader))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual([{"id": 0, "name": "zed"}] + ROWS, json.loads(d["output"]))
        reader = get_object("athena/q-manifest.csv", {"ManifestType": "ATHENA_DATA", "InputType": "PARQUET"})
        d, _ = self.run_execution(map_def(reader))
        self.assertEqual(("FAILED", "States.ItemReaderFailed"), (d["status"], d.get("error")))
        self.assertIn("PARQUET is not supported", d["cause"])

    def test_list_objects_v2_under_a_prefix(self):
        reader = {"Resource": "arn:aws:states:::s3:listObjectsV2",
                  "Parameters": {"Bucket": "data", "Prefix": "logs/"}}
        d, _ = self.run_execution(map_def(reader))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        out = json.loads(d["output"])
        self.assertEqual(["logs/2024/a.txt", "logs/2024/b.txt"], [o["Key"] for o in out])
        self.assertEqual({"Etag", "Key", "LastModified", "Size", "StorageClass"}, set(out[0]))
        self.assertEqual(5, out[0]["Size"])
        self.assertEqual('"' + hashlib.md5(b"a.txt").hexdigest() + '"', out[0]["Etag"])
        self.assertEqual("STANDARD", out[0]["StorageClass"])

    def test_items_read_are_batched(self):
        d, _ = self.run_execution(map_def(get_object("rows.json", {"InputType": "JSON"}),
                                          ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"b": 1}}))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual([{"BatchInput": {"b": 1}, "Items": ROWS[:2]},
                          {"BatchInput": {"b": 1}, "Items": ROWS[2:]}], json.loads(d["output"]))

    def test_read_failures_are_item_reader_failed_with_map_run_failed_details(self):
        cases = {
            "missing key": (get_object("nope.json", {"InputType": "JSON"}), "{}", "nope.json"),
            "not a list": (get_object("object.json", {"InputType": "JSON"}), "{}",
                           "Attempting to map over non-iterable node."),
            "negative MaxItems": (get_object("rows.json", {"InputType": "JSON", "MaxItemsPath": "$.n"}),
                                  '{"n": -1}', "field MaxItems must be positive"),
            "duplicate headers": (get_object("rows.psv", {"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                                                          "CSVHeaders": ["a", "a"]}), "{}",
                                  "CSV headers cannot contain duplicates."),
        }
        for name, (reader, input_text, cause) in cases.items():
            with self.subTest(name):
                d, events = self.run_execution(map_def(reader), input_text)
                self.assertEqual("FAILED", d["status"])
                self.assertEqual("States.ItemReaderFailed", d["error"])
                self.assertIn(cause, d["cause"])
                self.assertEqual(["MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed",
                                  "MapStateFailed", "ExecutionFailed"], types(events)[1:])
                failed = details(events, "MapRunFailed")[0]
                self.assertEqual(("States.ItemReaderFailed", d["cause"]), (failed["error"], failed["cause"]))
                run = self.sfn.describe_map_run(mapRunArn=details(events, "MapRunStarted")[0]["mapRunArn"])
                self.assertEqual("FAILED", run["status"])

    def test_read_failure_is_caught(self):
        m = json.loads(map_def(get_object("nope.json", {"InputType": "JSON"})))["States"]["M"]
        del m["End"]
        m["Next"] = "After"
        m["Catch"] = [{"ErrorEquals": ["States.ItemReaderFailed"], "ResultPath": "$.err", "Next": "After"}]
        d, _ = self.run_execution(H.definition({"M": m, "After": {"Type": "Pass", "End": True}}, start_at="M"))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual("States.ItemReaderFailed", json.loads(d["output"])["err"]["Error"])

    def read_object(self, bucket, key):
        with open(os.path.join(self.dir, bucket, key)) as f:
            return f.read()

    def test_result_writer_writes_the_manifest_and_the_succeeded_file(self):
        writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "runs"}}
        d, events = self.run_execution(map_def(get_object("rows.json", {"InputType": "JSON"}),
                                               ResultWriter=writer, Label="Rows"))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        out = json.loads(d["output"])
        run_arn = details(events, "MapRunStarted")[0]["mapRunArn"]
        run_id = run_arn.rsplit(":", 1)[1]
        self.assertEqual({"MapRunArn": run_arn,
                          "ResultWriterDetails": {"Bucket": "out", "Key": f"runs/{run_id}/manifest.json"}}, out)
        manifest = json.loads(self.read_object("out", f"runs/{run_id}/manifest.json"))
        succeeded_key = f"runs/{run_id}/SUCCEEDED_0.json"
        succeeded_text = self.read_object("out", succeeded_key)
        self.assertEqual({"DestinationBucket": "out", "MapRunArn": run_arn,
                          "ResultFiles": {"FAILED": [], "PENDING": [],
                                          "SUCCEEDED": [{"Key": succeeded_key, "Size": len(succeeded_text)}]}},
                         manifest)
        records = json.loads(succeeded_text)
        self.assertEqual(ROWS, [json.loads(r["Output"]) for r in records])
        self.assertEqual(ROWS, [json.loads(r["Input"]) for r in records])
        self.assertEqual({"SUCCEEDED"}, {r["Status"] for r in records})
        self.assertTrue(all(":execution:" in r["ExecutionArn"] and "/Rows:" in r["ExecutionArn"] for r in records))

    def test_result_writer_after_a_failed_map_run_writes_failed_and_pending(self):
        processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "item"}}}
        writer = {"Resource": "arn:aws:states:::s3:putObject",
                  "Parameters": {"Bucket": "out", "Prefix": "failed"},
                  "WriterConfig": {"OutputType": "JSONL"}}
        d, events = self.run_execution(map_def(get_object("rows.json", {"InputType": "JSON"}), processor,
                                               ResultWriter=writer, MaxConcurrency=1))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("Bad", d["error"])
        run_id = details(events, "MapRunStarted")[0]["mapRunArn"].rsplit(":", 1)[1]
        manifest = json.loads(self.read_object("out", f"failed/{run_id}/manifest.json"))
        self.assertEqual([], manifest["ResultFiles"]["SUCCEEDED"])
        failed = [json.loads(line) for line in
                  self.read_object("out", f"failed/{run_id}/FAILED_0.json").splitlines()]
        self.assertEqual([("FAILED", "Bad", "item")], [(r["Status"], r["Error"], r["Cause"]) for r in failed])
        pending = [json.loads(line) for line in
                   self.read_object("out", f"failed/{run_id}/PENDING_0.json").splitlines()]
        self.assertEqual(ROWS[1:], [json.loads(r["Input"]) for r in pending])
        self.assertEqual({"error": "Bad", "cause": "item"}, details(events, "MapRunFailed")[0])

    def test_writer_config_alone_transforms_the_output(self):
        processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$"},
                                                       "OutputPath": "$.v", "End": True}}}
        d, _ = self.run_execution(map_def(None, processor, ItemsPath="$.lists",
                                          ResultWriter={"WriterConfig": {"Transformation": "FLATTEN",
                                                                         "OutputType": "JSON"}}),
                                  '{"lists": [[1, 2], [3]]}')
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual([1, 2, 3], json.loads(d["output"]))


class NoS3(H.ServerTestCase):
    def test_item_reader_without_s3_says_how_to_give_one(self):
        d, _ = self.run_execution(map_def(get_object("rows.json", {"InputType": "JSON"})))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.ItemReaderFailed", d["error"])
        self.assertIn("--s3-dir", d["cause"])


if __name__ == "__main__":
    unittest.main()
