// Sample: an Express workflow answered synchronously (StartSyncExecution) through the AWS SDK for
// JavaScript v3. The SDK sends StartSyncExecution to `sync-<host>` (the API's host prefix), which
// does not resolve for a local endpoint: `disableHostPrefix: true` turns that off.
//
//   cd samples/javascript && npm ci && SFN_ENDPOINT=http://localhost:8083 npm test
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  SFNClient,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';

const options = {
  endpoint: process.env.SFN_ENDPOINT ?? 'http://localhost:8083',
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
const sfn = new SFNClient({ ...options, disableHostPrefix: true });

const definition = {
  StartAt: 'Total',
  States: {
    Total: {
      Type: 'Pass',
      Parameters: { 'total.$': 'States.MathAdd($.a, $.b)' },
      End: true,
    },
  },
};

let stateMachineArn;

before(async () => {
  const created = await sfn.send(new CreateStateMachineCommand({
    name: `total-${randomUUID().slice(0, 8)}`,
    definition: JSON.stringify(definition),
    roleArn: 'arn:aws:iam::123456789012:role/sample',
    type: 'EXPRESS',
  }));
  stateMachineArn = created.stateMachineArn;
});

after(async () => {
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
  sfn.destroy();
});

test('StartSyncExecution answers when the Express execution ends', async () => {
  const out = await sfn.send(new StartSyncExecutionCommand({
    stateMachineArn, input: JSON.stringify({ a: 2, b: 3 }),
  }));
  assert.equal(out.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(out.output), { total: 5 });
  assert.ok(out.billingDetails.billedDurationInMilliseconds >= 100);
});

test('without disableHostPrefix the SDK calls sync-<host>', async () => {
  const prefixed = new SFNClient({ ...options, maxAttempts: 1 });
  try {
    await assert.rejects(prefixed.send(new StartSyncExecutionCommand({ stateMachineArn })),
      (e) => e.hostname === `sync-${new URL(options.endpoint).hostname}`);
  } finally {
    prefixed.destroy();
  }
});
