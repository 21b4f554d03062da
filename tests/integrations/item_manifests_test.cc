// The manifests an ItemReader starts from (S3 inventory manifest.json, Athena
// UNLOAD manifests), the ReaderConfig rules around them, and gzip'd data.
#include "emulator/integrations/item_manifests.h"

#include <gtest/gtest.h>

#include "emulator/integrations/gzip.h"

namespace sfn::integrations {
namespace {

ReaderConfig Config(const char* json) {
  Outcome<ReaderConfig> c = ParseReaderConfig(ParseJson(json).value());
  EXPECT_TRUE(c.ok()) << c.failure().cause;
  return c.ok() ? c.value() : ReaderConfig{};
}

// The developer guide's example manifest ("ItemReader (Map)", S3 inventory).
constexpr char kInventory[] = R"({
  "sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inventory",
  "version": "2016-11-30", "creationTimestamp": "1668560400000", "fileFormat": "CSV",
  "fileSchema": "Bucket, Key, Size, LastModifiedDate",
  "files": [{"key": "src/cfg/data/a.csv.gz", "size": 7300, "MD5checksum": "x"},
            {"key": "src/cfg/data/b.csv.gz", "size": 10, "MD5checksum": "y"}]})";

TEST(ItemManifests, InventoryManifestNamesGzipCsvFilesWithTheSchemaAsHeaders) {
  for (const char* config : {R"({"InputType":"MANIFEST"})", R"({"ManifestType":"S3_INVENTORY"})"}) {
    ReaderConfig c = Config(config);
    EXPECT_EQ("S3_INVENTORY", c.manifest_type);
    Outcome<ManifestPlan> plan = ParseManifest(kInventory, c);
    ASSERT_TRUE(plan.ok()) << plan.failure().cause;
    ASSERT_EQ(2u, plan.value().files.size());
    EXPECT_EQ("inventory", plan.value().files[0].bucket);
    EXPECT_EQ("src/cfg/data/b.csv.gz", plan.value().files[1].key);
    const ReaderConfig& data = plan.value().data;
    EXPECT_EQ("CSV", data.input_type);
    EXPECT_FALSE(data.headers_first_row);
    EXPECT_EQ((std::vector<std::string>{"Bucket", "Key", "Size", "LastModifiedDate"}),
              data.headers);
    // The guide's child input shows the keys in this order.
    Outcome<Json> items =
        ParseItems(R"("src","csvDataset/titles.csv","3399671","2022-11-16T00:29:32.000Z")", data);
    ASSERT_TRUE(items.ok());
    EXPECT_EQ(R"([{"LastModifiedDate":"2022-11-16T00:29:32.000Z","Bucket":"src",)"
              R"("Size":"3399671","Key":"csvDataset/titles.csv"}])",
              DumpJson(items.value()));
  }
}

TEST(ItemManifests, InventoryManifestFailures) {
  ReaderConfig c = Config(R"({"InputType":"MANIFEST"})");
  EXPECT_EQ("The S3 inventory manifest is not a JSON object.",
            ParseManifest("[", c).failure().cause);
  EXPECT_EQ("The S3 inventory report's fileFormat must be CSV, not 'ORC'.",
            ParseManifest(R"({"fileFormat":"ORC"})", c).failure().cause);
  EXPECT_EQ(kItemReaderFailed, ParseManifest(R"({"fileFormat":"CSV"})", c).failure().error);
}

TEST(ItemManifests, AthenaManifestListsS3Uris) {
  ReaderConfig c = Config(
      R"({"ManifestType":"ATHENA_DATA","InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["a"]})");
  Outcome<ManifestPlan> plan =
      ParseManifest("s3://out/q/1_a.csv\r\n\ns3://other/deep/key/2.csv\n", c);
  ASSERT_TRUE(plan.ok()) << plan.failure().cause;
  ASSERT_EQ(2u, plan.value().files.size());
  EXPECT_EQ("out", plan.value().files[0].bucket);
  EXPECT_EQ("q/1_a.csv", plan.value().files[0].key);
  EXPECT_EQ("other", plan.value().files[1].bucket);
  EXPECT_EQ("deep/key/2.csv", plan.value().files[1].key);
  EXPECT_EQ("CSV", plan.value().data.input_type);
  EXPECT_EQ("The Athena manifest's line 'https://x/y' is not an S3 URI (s3://bucket/key).",
            ParseManifest("https://x/y\n", c).failure().cause);
  EXPECT_EQ("With ManifestType ATHENA_DATA, InputType must be CSV, JSONL or PARQUET.",
            ParseManifest("", Config(R"({"ManifestType":"ATHENA_DATA","InputType":"JSON"})"))
                .failure()
                .cause);
}

TEST(ItemManifests, ReaderConfigRules) {
  struct Bad {
    const char* config;
    const char* cause;
  };
  for (const Bad& b : {
           Bad{R"({"ManifestType":"S3_INVENTORY","InputType":"CSV"})",
               "InputType cannot be specified when ManifestType is S3_INVENTORY"},
           Bad{R"({"ManifestType":"ATHENA_DATA","InputType":"MANIFEST"})",
               "InputType MANIFEST cannot be combined with a ManifestType"},
           Bad{R"({"ManifestType":"CSV"})", "ManifestType must be S3_INVENTORY or ATHENA_DATA"},
       }) {
    Outcome<ReaderConfig> c = ParseReaderConfig(ParseJson(b.config).value());
    ASSERT_FALSE(c.ok()) << b.config;
    EXPECT_EQ(kItemReaderFailed, c.failure().error);
    EXPECT_EQ(b.cause, c.failure().cause);
  }
  Outcome<Json> parquet = ParseItems("PAR1", Config(R"({"InputType":"PARQUET"})"));
  ASSERT_FALSE(parquet.ok());
  EXPECT_EQ(kItemReaderFailed, parquet.failure().error);
}

TEST(Gzip, InflatesEveryMember) {
  // Two gzip members (python3: gzip.compress(..., mtime=0) twice).
  const std::string two_members(
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x53\x2a\x2e\x4a\x56\xd2\x51\x4a\xd4\x4b\x2e\x2e"
      "\x03\xd2\xc6\x4a\x5c\x00\x17\x7a\x85\xdf\x12\x00\x00\x00\x1f\x8b\x08\x00\x00\x00\x00\x00"
      "\x02\x03\x53\x2a\x2e\x4a\x56\xd2\x51\x4a\xd2\x4f\xd6\x2b\xa9\x28\x01\xb2\x0c\x0d\x94\xb8"
      "\x00\x70\x90\x1b\x6f\x15\x00\x00\x00",
      75);
  ASSERT_TRUE(IsGzip(two_members));
  Result<std::string> text = Gunzip(two_members);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ("\"src\",\"a.csv\",\"3\"\n\"src\",\"b/c.txt\",\"10\"\n", text.value());
  EXPECT_FALSE(IsGzip("a,b"));
  EXPECT_FALSE(Gunzip(two_members.substr(0, 20)).ok());
}

}  // namespace
}  // namespace sfn::integrations
