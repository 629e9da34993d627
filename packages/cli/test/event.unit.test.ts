// `onething event` (a source system's command) in-process, against a fake API.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { residentIdCheckChar } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { claimsOf, cli, dataDir, fakeFetch } from "./support.ts";

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const DECEASED = withCheck("33021219420317001");
const NOW = new Date("2026-03-02T01:30:00.000Z");
const STOP_CASE = "OT-20260302-STOP000001";
const WITHDRAWN = "OT-20260301-SA00000001";

const status = (sourceEventId: string, state: "received" | "done") => ({
  source: "health-death-registry",
  sourceEventId,
  type: "PersonDied",
  status: state,
  receivedAt: "2026-03-02T01:30:01.000Z",
  ...(state === "done"
    ? {
        outcome: {
          summary: "1 benefit-stop case started, 1 case withdrawn",
          startedCases: [STOP_CASE],
          touchedCases: [WITHDRAWN],
        },
      }
    : {}),
});

describe("onething event died", () => {
  it("died: posts a PersonDied as 卫健's death registry, waits for the events function, prints what it did", async () => {
    let polls = 0;
    const routes: Parameters<typeof fakeFetch>[0] = {};
    routes["POST /v1/events"] = (r) => {
      const { sourceEventId } = r.body as { sourceEventId: string };
      routes[`GET /v1/events/${sourceEventId}`] = () => {
        polls += 1;
        if (polls === 1) return { status: 404, body: { error: "unknown_event", message: "no event" } };
        return { body: status(sourceEventId, polls === 2 ? "received" : "done") };
      };
      return { status: 202, body: { source: "health-death-registry", sourceEventId, status: "accepted" } };
    };
    const api = fakeFetch(routes);
    const r = await cli(
      ["event", "died", DECEASED, "陈阿婆", "--died-on", "2026-03-01", "--data-dir", dataDir()],
      {
        fetch: api.fetch,
        now: () => NOW,
      },
    );
    expect(r.code, r.err).toBe(0);

    const [post, ...gets] = api.requests;
    expect(post?.method).toBe("POST");
    expect(post?.url.pathname).toBe("/v1/events");
    expect(post?.body).toEqual({
      type: "PersonDied",
      schemaVersion: 1,
      sourceEventId: expect.stringMatching(/^cli-[0-9a-f-]{36}$/),
      occurredAt: "2026-03-02T09:30:00.000+08:00",
      person: { idNumber: DECEASED, name: "陈阿婆" },
      diedOn: "2026-03-01",
    });
    expect(claimsOf(post?.headers.authorization)).toMatchObject({
      role: "source",
      source: "health-death-registry",
    });
    // Polled until done, each time as the same source.
    expect(gets).toHaveLength(3);
    for (const get of gets) expect(claimsOf(get.headers.authorization)).toMatchObject({ role: "source" });

    const id = (post?.body as { sourceEventId?: string } | undefined)?.sourceEventId;
    expect(r.out).toBe(
      `${id}: done — 1 benefit-stop case started, 1 case withdrawn\n  started ${STOP_CASE}\n  changed ${WITHDRAWN}\n`,
    );
  });

  it("died: the day of death is today in Beijing by default, and --json prints the outcome as data", async () => {
    const routes: Parameters<typeof fakeFetch>[0] = {};
    routes["POST /v1/events"] = (r) => {
      const { sourceEventId } = r.body as { sourceEventId: string };
      routes[`GET /v1/events/${sourceEventId}`] = { body: status(sourceEventId, "done") };
      return { status: 202, body: { source: "household-register", sourceEventId, status: "accepted" } };
    };
    const api = fakeFetch(routes);
    // 20:00 UTC on 1 March is 04:00 on 2 March in Beijing.
    const late = new Date("2026-03-01T20:00:00.000Z");
    const r = await cli(
      [
        "event",
        "died",
        DECEASED,
        "陈阿婆",
        "--source",
        "household-register",
        "--json",
        "--data-dir",
        dataDir(),
      ],
      { fetch: api.fetch, now: () => late },
    );
    expect(r.code, r.err).toBe(0);
    expect(api.requests[0]?.body).toMatchObject({ diedOn: "2026-03-02" });
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({ source: "household-register" });
    expect(JSON.parse(r.out)).toMatchObject({
      status: "accepted",
      outcome: { status: "done", outcome: { startedCases: [STOP_CASE] } },
    });
  });

  it("died: a bad ID number is a usage error (exit 2) and nothing is sent", async () => {
    const api = fakeFetch({});
    const wrongCheck = `${DECEASED.slice(0, 17)}${DECEASED.endsWith("0") ? "1" : "0"}`;
    const r = await cli(["event", "died", wrongCheck, "陈阿婆", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ID number/);
    expect(api.requests).toEqual([]);
    const short = await cli(["event", "died", "3302121942", "陈阿婆", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(short.code).toBe(2);
    expect(api.requests).toEqual([]);
  });
});

describe("onething event send and status", () => {
  it("send: posts the file's event as the named source; the same event again is said to change nothing", async () => {
    const event = {
      type: "EntitlementGranted",
      schemaVersion: 1,
      sourceEventId: "ca-2019-8812",
      occurredAt: "2026-03-02T09:30:00+08:00",
      person: { idNumber: DECEASED, name: "陈阿婆" },
      benefit: "dibao",
      since: "2019-05-01",
    };
    const dir = dataDir();
    const file = path.join(dir, "granted.json");
    writeFileSync(file, JSON.stringify(event));
    const api = fakeFetch({
      "POST /v1/events": {
        status: 202,
        body: { source: "civil-affairs-roster", sourceEventId: "ca-2019-8812", status: "duplicate" },
      },
    });
    const r = await cli(["event", "send", "civil-affairs-roster", file, "--wait", "0", "--data-dir", dir], {
      fetch: api.fetch,
    });
    expect(r.code, r.err).toBe(0);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.body).toEqual(event);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({
      role: "source",
      source: "civil-affairs-roster",
    });
    expect(r.out).toBe("ca-2019-8812: sent before with the same body; nothing changes\n");
  });

  it("send: a refusal from the platform fails with its message; an unknown source is a usage error", async () => {
    const dir = dataDir();
    const file = path.join(dir, "forged.json");
    writeFileSync(file, JSON.stringify({ type: "PersonDied", sourceEventId: "ca-forged-1" }));
    const api = fakeFetch({
      "POST /v1/events": {
        status: 403,
        body: { error: "event_type_not_allowed", message: "civil-affairs-roster may not send PersonDied" },
      },
    });
    const refused = await cli(["event", "send", "civil-affairs-roster", file, "--data-dir", dir], {
      fetch: api.fetch,
    });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("civil-affairs-roster may not send PersonDied");

    const unknown = await cli(["event", "send", "no-such-roster", file, "--data-dir", dir], {
      fetch: api.fetch,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no source system no-such-roster/);
    expect(api.requests).toHaveLength(1);
  });

  it("status: asks as the source and prints where the event is", async () => {
    const api = fakeFetch({
      "GET /v1/events/dmc-2026-000117": { body: status("dmc-2026-000117", "received") },
    });
    const r = await cli(
      ["event", "status", "health-death-registry", "dmc-2026-000117", "--data-dir", dataDir()],
      {
        fetch: api.fetch,
      },
    );
    expect(r.code, r.err).toBe(0);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({
      role: "source",
      source: "health-death-registry",
    });
    expect(r.out).toBe("dmc-2026-000117: received, still running\n");
    expect((await cli(["event", "stop", "--data-dir", dataDir()], { fetch: api.fetch })).code).toBe(2);
  });
});
