import { describe, expect, it } from "vitest";
import { RequestRefusedError, withdrawCase } from "../src/index.ts";
import { applicant, application, NOW, world } from "./world.ts";

describe("submitApplication", () => {
  it("runs the submission through the engine at once: the answer lists every item", async () => {
    const w = world();

    const submitted = await w.submit("key-1");

    expect(submitted.status).toBe("in_progress");
    expect(submitted.items.find((i) => i.itemId === "death-certificate-hospital")?.status).toBe("dispatched");
    expect((await w.cases.getCase(submitted.caseId))?.version).toBe(1);
  });

  it("with the same idempotency key and body answers with the same case, submitted once", async () => {
    const w = world();
    const first = await w.submit("key-1");

    // Its keys in another order: the same body.
    const { answers, subject, applicant: who, bundleId } = application;
    const again = await w.submit("key-1", { answers, subject, applicant: who, bundleId });

    expect(again).toEqual(first);
    expect((await w.cases.getCase(first.caseId))?.version).toBe(1);
    expect(w.logged("duplicate event").length + w.logged("event ignored").length).toBe(1);
  });

  it("refuses the same key with another body (409 idempotency_key_reused), and takes a new key", async () => {
    const w = world();
    const first = await w.submit("key-1");
    const other = { ...application, answers: { ...application.answers, hospitalName: "宁波市第二医院" } };

    const refused = await w.submit("key-1", other).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(RequestRefusedError);
    expect(refused).toMatchObject({ kind: "conflict", status: 409, code: "idempotency_key_reused" });
    // A new key gets past the key check; the same deceased then meets the one-open-case rule instead.
    const second = await w.submit("key-2", other).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: "open_case_exists", otherCaseId: first.caseId });
  });

  it("keeps a key for a day: the same key a day later is a new submission", async () => {
    const w = world();
    const first = await w.submit("key-1");
    // Withdrawn meanwhile: the deceased may have one open case only.
    await withdrawCase(w.deps, first.caseId, { reason: "重新申请" }, applicant, NOW);

    const nextDay = await w.submit("key-1", application, new Date(NOW.getTime() + 86_400_001));

    expect(nextDay.caseId).not.toBe(first.caseId);
  });

  it("refuses a request without an idempotency key, naming the header (400)", async () => {
    const w = world();

    const refused = await w.submit("").catch((e: unknown) => e);

    expect(refused).toMatchObject({ kind: "invalid", code: "validation_failed" });
    expect((refused as RequestRefusedError).issues?.[0]?.path).toBe("headers.idempotency-key");
  });
});
