import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type QueueAttributeName,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { ProvisionConflictError } from "./errors.ts";

export interface ProvisionedQueueRef {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

export type QueueAttributes = Partial<Record<QueueAttributeName, string>>;

/**
 * A persisted emulator restores each queue with the URL it had when created, port included, and a restart
 * usually gets another port. The emulator finds queues by name whatever the port, but a URL we hand out (logs,
 * runtime.json, the CLI) should point at the running emulator.
 */
function onCurrentPort(queueUrl: string, sqsEndpoint: string): string {
  const url = new URL(queueUrl);
  const endpoint = new URL(sqsEndpoint);
  if (url.port === endpoint.port) return queueUrl;
  url.port = endpoint.port;
  return url.toString();
}

/** Creates the queue, or brings an existing one (e.g. persisted under `.data/`) to these attributes. */
export async function ensureQueue(
  sqs: SQSClient,
  sqsEndpoint: string,
  name: string,
  attributes: QueueAttributes,
): Promise<ProvisionedQueueRef> {
  let url: string | undefined;
  try {
    ({ QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })));
  } catch (error) {
    if (!(error instanceof QueueNameExists)) throw error;
    ({ QueueUrl: url } = await sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    const { FifoQueue: _immutable, ...settable } = attributes;
    if (url !== undefined)
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: settable }));
  }
  if (url === undefined) throw new ProvisionConflictError(`queue ${name} has no URL`);
  url = onCurrentPort(url, sqsEndpoint);
  const { Attributes: read } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  const arn = read?.QueueArn;
  if (arn === undefined) throw new ProvisionConflictError(`queue ${name} has no ARN`);
  return { name, url, arn };
}
