import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../src/ports.ts";
import { isPublicAddress, webhookUrlIssues } from "../src/webhook-url.ts";
import { createWebhookDirectory, type WebhookRegistration, withWebhookRouting } from "../src/webhooks.ts";

const aws = { allowLoopback: false };
const local = { allowLoopback: true };
const codeOf = (url: string, policy = aws) => webhookUrlIssues(url, policy)[0]?.code;

describe("which webhook URLs may be registered", () => {
  it("https on the public internet only", () => {
    expect(webhookUrlIssues("https://hooks.example.gov.cn/onething?office=330212", aws)).toEqual([]);
    expect(webhookUrlIssues("https://8.8.4.4:8443/hook", aws)).toEqual([]);
    expect(codeOf("http://hooks.example.gov.cn/x")).toBe("webhook_url_not_https");
    expect(codeOf("ftp://hooks.example.gov.cn/x")).toBe("webhook_url_not_https");
    expect(codeOf("javascript:alert(1)")).toBe("webhook_url_not_https");
    expect(codeOf("hooks.example.gov.cn/x")).toBe("webhook_url_invalid");
    expect(codeOf("https://a:b@hooks.example.gov.cn/")).toBe("webhook_url_credentials");
    expect(codeOf(`https://example.org/${"x".repeat(2100)}`)).toBe("webhook_url_too_long");
  });

  it("no loopback, private, link-local or internal names on AWS", () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://localhost/x",
      "https://[::1]/x",
      "https://10.0.0.8/x",
      "https://172.20.1.1/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/x",
      "https://[fd00::1]/x",
      "https://[::ffff:10.0.0.1]/x",
      "https://[64:ff9b::a9fe:a9fe]/x",
      "https://metadata/x",
      "https://db.internal/x",
      "https://printer.local/x",
      "https://0.0.0.0/x",
    ])
      expect(codeOf(url), url).toBe("webhook_url_private");
    expect(codeOf("http://127.0.0.1:4000/hook")).toBe("webhook_url_not_https");
  });

  it("the local allowance: plain http to loopback only", () => {
    expect(webhookUrlIssues("http://127.0.0.1:4000/hook", local)).toEqual([]);
    expect(webhookUrlIssues("http://localhost:4000/hook", local)).toEqual([]);
    expect(codeOf("http://10.0.0.8:4000/hook", local)).toBe("webhook_url_not_https");
    expect(codeOf("https://10.0.0.8/hook", local)).toBe("webhook_url_private");
  });

  it("tells public addresses from the rest", () => {
    expect(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"].map(isPublicAddress)).toEqual([true, true, true]);
    const notPublic = ["127.0.0.2", "10.1.1.1", "fe80::1", "::1", "224.0.0.1", "not-an-ip"];
    // Reserved and documentation ranges, site-local, 6to4 and Teredo (an embedded IPv4 may be private), local NAT64.
    notPublic.push("192.0.2.1", "198.51.100.7", "203.0.113.7", "192.88.99.1", "192.0.0.8");
    notPublic.push(
      "fec0::1",
      "2002:a00:1::1",
      "2001:0:4136:e378::1",
      "64:ff9b:1::a00:1",
      "2001:db8::1",
      "100::1",
    );
    expect(notPublic.filter(isPublicAddress)).toEqual([]);
  });
});

const registration = (department: string, office: string): WebhookRegistration => ({
  department,
  office,
  url: `https://${office}.example.org/hook`,
  secret: "whsec_x",
  createdAt: "2026-12-07T00:00:00.000Z",
  registeredBy: "x",
});

describe("routing department messages to webhooks", () => {
  let reads = 0;
  let now = new Date("2026-12-07T10:00:00Z");
  const registrations = [registration("health", "330212"), registration("civil-affairs", "000000")];
  const directory = createWebhookDirectory(
    {
      listWebhooks: async (department) => {
        reads++;
        return registrations.filter((r) => r.department === department);
      },
    },
    { clock: () => now, cacheMs: 30_000 },
  );
  const task = (department: string, path: string) => ({
    queue: `department:${department}`,
    body: {
      type: "TaskDispatched",
      eventId: `dispatch:c-${path}:i:1`,
      caseId: "C1",
      department,
      office: { jurisdiction: path.split("/").at(-1), path },
    },
    dedupId: `dispatch:c-${path}:i:1`,
  });

  it("finds the office's own registration, else the department-wide one — never an office above it", async () => {
    // A town office below 330212 keeps its tasks on the queue it pulls from.
    expect(await directory.endpointFor("health", "000000/330000/330200/330212/330212003")).toBeUndefined();
    expect((await directory.endpointFor("health", "000000/330000/330200/330212"))?.office).toBe("330212");
    expect(await directory.endpointFor("health", "000000/330000/330200/330203")).toBeUndefined();
    expect((await directory.endpointFor("civil-affairs", undefined))?.office).toBe("000000");
    expect(await directory.endpointFor("public-security", "000000/330000")).toBeUndefined();
  });

  it("reads each department once per cache period", async () => {
    const before = reads;
    await directory.endpointFor("health", "000000/330000");
    await directory.registration("health", "330212");
    expect(reads).toBe(before);
    now = new Date(now.getTime() + 30_001);
    await directory.endpointFor("health", "000000/330000");
    expect(reads).toBe(before + 1);
  });

  it("sends pushed offices' messages to the webhooks queue and leaves the rest alone", async () => {
    const sent: OutboxMessage[] = [];
    const send = withWebhookRouting(async (m) => void sent.push(...m), directory);
    const pushed = task("health", "000000/330000/330200/330212");
    const pulled = task("health", "000000/330000/330200/330203");
    const orchestrator = { queue: "orchestrator", body: { type: "ItemOverdue" }, groupId: "C1" };
    await send([pushed, pulled, orchestrator]);
    expect(sent).toEqual([
      {
        queue: "webhooks",
        body: {
          type: "WebhookDelivery",
          caseId: "C1",
          department: "health",
          office: "330212",
          message: pushed.body,
        },
        dedupId: pushed.dedupId,
      },
      pulled,
      orchestrator,
    ]);
  });
});
