import { describe, expect, it } from "vitest";
import { withNoticeDelivery } from "../src/notices.ts";

const log = { info() {}, warn() {}, error() {} };

describe("withNoticeDelivery", () => {
  it("adds what it published to the sweep's report, and a failed delivery never fails the sweep", async () => {
    const sweep = async () => ({ outboxResent: 0 });
    const ok = withNoticeDelivery(sweep, async () => ({ published: 2, publishFailed: 1 }), log);
    expect(await ok()).toEqual({ outboxResent: 0, notices: { published: 2, publishFailed: 1 } });
    const failing = withNoticeDelivery(
      sweep,
      async () => {
        throw new Error("table down");
      },
      log,
    );
    expect(await failing()).toEqual({ outboxResent: 0 });
  });
});
