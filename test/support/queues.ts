import type { PlatformQueues } from "@onething/platform";
import { catalogue } from "./platform.ts";

/** Queue URLs for tests whose SQS client is a mock: nothing is ever sent there. */
export function fakeQueues(): PlatformQueues {
  const ref = (name: string) => ({
    url: `https://sqs.local/000/${name}`,
    deadLetterQueue: { url: `https://sqs.local/000/${name}-dlq` },
  });
  return {
    orchestrator: ref("orchestrator.fifo"),
    results: ref("results"),
    events: ref("events"),
    departments: Object.fromEntries([...catalogue.departments.keys()].map((d) => [d, ref(`dept-${d}`)])),
  };
}
