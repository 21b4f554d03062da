// An ObjectStore over Amazon S3's REST API (GetObject, ListObjectsV2,
// PutObject; path-style URLs), through the AWS client: the S3 endpoint of
// the emulator's settings (--aws-endpoint, --endpoint s3=URL, S3_ENDPOINT),
// requests SigV4-signed with the configured credentials. Answers are handed
// to the WorkerPool, so callers parse on a worker thread; S3's error
// documents become the failure's cause ("NoSuchKey: The specified key does
// not exist."). Thread-safe.
#pragma once

#include <string>

#include "emulator/core/worker_pool.h"
#include "emulator/integrations/aws_client.h"
#include "emulator/integrations/object_store.h"

namespace sfn::integrations {

class S3ObjectStore : public ObjectStore {
 public:
  // `region` signs the requests (S3 endpoints such as moto accept any).
  S3ObjectStore(const AwsClient& aws, std::string region, WorkerPool& pool)
      : aws_(aws), region_(std::move(region)), pool_(pool) {}

  void Get(std::string bucket, std::string key,
           std::function<void(Outcome<std::string>)> done) override;
  void List(std::string bucket, std::string prefix,
            std::function<void(Outcome<Json>)> done) override;
  void Put(std::string bucket, std::string key, std::string body,
           std::function<void(Outcome<Json>)> done) override;

 private:
  void ListPage(std::string bucket, std::string prefix, std::string token, Json items,
                std::function<void(Outcome<Json>)> done);

  const AwsClient& aws_;
  std::string region_;
  WorkerPool& pool_;
};

}  // namespace sfn::integrations
