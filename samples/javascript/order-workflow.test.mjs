// Sample integration test: the AWS SDK for JavaScript v3 against sfn-emulator, with node's own
// test runner. Point SFN_ENDPOINT at a running emulator, then:
//
//   cd samples/javascript && npm ci && SFN_ENDPOINT=http://localhost:8083 npm test
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';

const sfn = new SFNClient({
  endpoint: process.env.SFN_ENDPOINT ?? 'http://localhost:8083',
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

const definition = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Pass',
      Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

let stateMachineArn;

before(async () => {
  const created = await sfn.send(new CreateStateMachineCommand({
    name: `greet-${randomUUID().slice(0, 8)}`,
    definition: JSON.stringify(definition),
    roleArn: 'arn:aws:iam::123456789012:role/sample',
  }));
  stateMachineArn = created.stateMachineArn;
});

after(async () => {
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
  sfn.destroy();
});

async function run(input) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  let described;
  for (let i = 0; i < 200; i++) {
    described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') break;
    await sleep(50);
  }
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  return { described, types: events.map((e) => e.type) };
}

test('an execution greets and succeeds', async () => {
  const { described, types } = await run({ who: 'world' });
  assert.equal(described.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(described.output), { greeting: 'hello world' });
  assert.deepEqual(types, [
    'ExecutionStarted', 'PassStateEntered', 'PassStateExited',
    'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded',
  ]);
});
