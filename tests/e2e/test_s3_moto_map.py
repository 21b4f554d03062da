"""A distributed Map over Amazon S3 through a real S3 endpoint: moto_server, which the emulator
reaches through --aws-endpoint (SigV4-signed requests). Objects are put into a bucket with boto3,
the Map reads them (s3:getObject CSV, s3:listObjectsV2, an S3 inventory manifest with a gzip'd data
file), and its ResultWriter's manifest and
result files are read back from the bucket; a missing object is States.ItemReaderFailed with S3's
error code in the cause. Skipped when moto_server is not installed."""

import gzip
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from moto_aws import MotoServer  # noqa: E402

PROCESSOR = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
             "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"who.$": "$.name"}, "End": True}}}


def map_def(reader, **extra):
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": PROCESSOR, "End": True}
    state.update(extra)
    return H.definition({"M": state})


def details(events, type_):
    return [next(v for k, v in e.items() if k.endswith("EventDetails")) for e in events if e["type"] == type_]


class S3MotoMap(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.moto = MotoServer().start()
        try:
            cls.s3 = cls.moto.client("s3")
            cls.s3.create_bucket(Bucket="sfn-items")
            cls.s3.create_bucket(Bucket="sfn-results")
            cls.s3.put_object(Bucket="sfn-items", Key="people/all.csv", Body=b"name,age\nada,36\nbob,41\n")
            cls.s3.put_object(Bucket="sfn-items", Key="people/extra.json", Body=b'[{"name": "cy"}]')
            cls.s3.put_object(Bucket="sfn-items", Key="inv/data/0.csv.gz",
                              Body=gzip.compress(b'"src","x/1.bin","7","2024-05-01T00:00:00.000Z"\n'))
            cls.s3.put_object(Bucket="sfn-items", Key="inv/manifest.json", Body=json.dumps({
                "sourceBucket": "src", "destinationBucket": "arn:aws:s3:::sfn-items", "version": "2016-11-30",
                "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size, LastModifiedDate",
                "files": [{"key": "inv/data/0.csv.gz", "size": 1, "MD5checksum": "x"}]}).encode())
            cls.EXTRA_ARGS = ("--aws-endpoint", cls.moto.endpoint)
            super().setUpClass()
        except Exception:
            cls.moto.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.moto.stop()

    def test_csv_read_from_s3_and_results_written_back(self):
        reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"},
                  "Parameters": {"Bucket": "sfn-items", "Key.$": "$.key"}}
        writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "sfn-results", "Prefix": "jobs"}}
        d, events = self.run_execution(map_def(reader, ResultWriter=writer), '{"key": "people/all.csv"}',
                                       timeout=30)
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        out = json.loads(d["output"])
        run_arn = details(events, "MapRunStarted")[0]["mapRunArn"]
        run_id = run_arn.rsplit(":", 1)[1]
        manifest_key = f"jobs/{run_id}/manifest.json"
        self.assertEqual({"MapRunArn": run_arn, "ResultWriterDetails": {"Bucket": "sfn-results", "Key": manifest_key}}, out)
        manifest = json.loads(self.s3.get_object(Bucket="sfn-results", Key=manifest_key)["Body"].read())
        self.assertEqual("sfn-results", manifest["DestinationBucket"])
        [succeeded] = manifest["ResultFiles"]["SUCCEEDED"]
        body = self.s3.get_object(Bucket="sfn-results", Key=succeeded["Key"])["Body"].read()
        self.assertEqual(len(body), succeeded["Size"])
        records = json.loads(body)
        self.assertEqual([{"who": "ada"}, {"who": "bob"}], [json.loads(r["Output"]) for r in records])
        self.assertEqual([{"name": "ada", "age": "36"}, {"name": "bob", "age": "41"}],
                         [json.loads(r["Input"]) for r in records])

    def test_list_objects_v2(self):
        reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "sfn-items", "Prefix": "people/"}}
        processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
        d, _ = self.run_execution(map_def(reader, ItemProcessor=processor), timeout=30)
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        out = json.loads(d["output"])
        self.assertEqual(["people/all.csv", "people/extra.json"], [o["Key"] for o in out])
        listed = {o["Key"]: o for o in self.s3.list_objects_v2(Bucket="sfn-items", Prefix="people/")["Contents"]}
        for o in out:
            self.assertEqual(listed[o["Key"]]["ETag"], o["Etag"])
            self.assertEqual(listed[o["Key"]]["Size"], o["Size"])
            self.assertEqual(int(listed[o["Key"]]["LastModified"].timestamp()), o["LastModified"])
            self.assertEqual("STANDARD", o["StorageClass"])

    def test_s3_inventory_manifest(self):
        reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
                  "Parameters": {"Bucket": "sfn-items", "Key": "inv/manifest.json"}}
        processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
        d, _ = self.run_execution(map_def(reader, ItemProcessor=processor), timeout=30)
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual([{"LastModifiedDate": "2024-05-01T00:00:00.000Z", "Bucket": "src", "Size": "7",
                           "Key": "x/1.bin"}], json.loads(d["output"]))

    def test_missing_object_is_item_reader_failed(self):
        reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                  "Parameters": {"Bucket": "sfn-items", "Key": "nope.json"}}
        d, events = self.run_execution(map_def(reader), timeout=30)
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.ItemReaderFailed", d["error"])
        self.assertIn("NoSuchKey", d["cause"])
        self.assertEqual("States.ItemReaderFailed", details(events, "MapRunFailed")[0]["error"])


if __name__ == "__main__":
    unittest.main()
