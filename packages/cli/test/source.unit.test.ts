import { DataEventSchema } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { claimsOf, cli, dataDir, fakeFetch } from "./support.ts";

const ID = "330212193806189903";

/** A platform that accepts every event, echoing its id. */
const eventsApi = () =>
  fakeFetch({
    "POST /v1/events": (r) => ({
      status: 202,
      body: {
        source: "health-death-registry",
        sourceEventId: (r.body as { sourceEventId: string }).sourceEventId,
        status: "accepted",
      },
    }),
  });

describe("event died", () => {
  it("sends a valid PersonDied, dated today in Beijing, even before 08:00 there (the day before in UTC)", async () => {
    const api = eventsApi();
    const r = await cli(["event", "died", ID, "钱阿婆", "--wait", "0", "--data-dir", dataDir()], {
      fetch: api.fetch,
      now: () => new Date("2026-03-01T17:30:00Z"),
    });
    expect(r.code, r.err).toBe(0);
    const [posted] = api.requests;
    expect(claimsOf(posted?.headers.authorization)).toMatchObject({
      role: "source",
      source: "health-death-registry",
    });
    const parsed = DataEventSchema.safeParse(posted?.body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(posted?.body).toMatchObject({
      type: "PersonDied",
      person: { idNumber: ID, name: "钱阿婆" },
      diedOn: "2026-03-02",
      occurredAt: "2026-03-02T01:30:00.000+08:00",
    });
    expect(r.out).toMatch(/^cli-[0-9a-f-]+: accepted, not yet received by the events function/);
  });

  it("refuses an invalid ID number or an unknown source before sending anything", async () => {
    const api = eventsApi();
    const bad = await cli(["event", "died", "330212193806189900", "钱阿婆", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/check character/);
    const unknown = await cli(
      ["event", "died", ID, "钱阿婆", "--source", "nowhere", "--data-dir", dataDir()],
      {
        fetch: api.fetch,
      },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no source system nowhere/);
    expect(api.requests).toEqual([]);
  });
});
