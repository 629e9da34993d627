// The operator summary by place through the composed API on local services: a district operator's per-town figures,
// a city operator's per-district ones, 落地率 after an online completion, delegation rates, and the refusals.
import { OpsSummarySchema, type PlaceFigures, type TaskDispatchedMessage } from "@onething/contracts";
import { type Application, itemDefinition, residentIdCheckChar } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { beforeAll, describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const now = new Date("2026-03-02T10:00:00+08:00");
const t = await testPlatform({ name: "places-summary", ops: "real", clock: () => now });
const places = catalogue.places;
const YINZHOU = "330212";
const HAISHU = "330203";
const NINGBO = "330200";
const townsOf = (district: string) => places.children(district).filter((n) => n.level === "town");
const [YZ_A = "", YZ_B = ""] = townsOf(YINZHOU).map((n) => n.code);
const HS_TOWN = townsOf(HAISHU)[0]?.code ?? "";
const COMMUNITY = places.all().find((n) => n.level === "community")?.code ?? "";

const operatorAt = (office: string) => ({ role: "operator", sub: `op-${office}`, office });
const platformOperator = { role: "operator", sub: "op-platform" };

let serial = 0;
function idOfItsOwn(id: string): string {
  serial++;
  const first17 = `${id.slice(0, 14)}${String((Number(id.slice(14, 17)) + serial) % 1000).padStart(3, "0")}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/** A social-assistance application placed at `town`, applied for online by its applicant. */
async function applyAt(town: string): Promise<string> {
  const sample = samplesFor("social-assistance")[0];
  if (!sample) throw new Error("no social-assistance sample");
  const application = structuredClone(sample.application) as Application;
  for (const section of [application.applicant, application.subject])
    if (section && typeof section.idNumber === "string") section.idNumber = idOfItsOwn(section.idNumber);
  application.applicant.householdPlace = town;
  const claims = { role: "citizen", sub: `c-${serial}`, id_number: String(application.applicant.idNumber) };
  const r = await t.request(
    "POST",
    "/v1/applications",
    claims,
    { bundleId: "social-assistance", ...application },
    { "idempotency-key": `summary-${serial}` },
  );
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  await t.drainOrchestrator();
  return r.body.caseId as string;
}

const summary = async (claims: object, place?: string) => {
  const r = await t.request("GET", `/v1/ops/summary${place ? `?place=${place}` : ""}`, claims);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return OpsSummarySchema.parse(r.body);
};
const row = (s: { places: PlaceFigures[] }, code: string) => s.places.find((p) => p.code === code);

let firstYinzhouCase = "";
beforeAll(async () => {
  firstYinzhouCase = await applyAt(YZ_A);
  await applyAt(YZ_A);
  await applyAt(YZ_B);
  await applyAt(HS_TOWN);
});

describe("GET /v1/ops/summary by place", () => {
  it("gives a district operator its own towns' figures only, and its cases only", async () => {
    const s = await summary(operatorAt(YINZHOU));
    expect(s.scope.jurisdiction).toBe(YINZHOU);
    expect(s.place.code).toBe(YINZHOU);
    expect(s.places.map((p) => p.code).sort()).toEqual(
      townsOf(YINZHOU)
        .map((n) => n.code)
        .sort(),
    );
    expect(row(s, YZ_A)).toMatchObject({ level: "town", cases: 2, openCases: 2 });
    expect(row(s, YZ_B)).toMatchObject({ cases: 1, openCases: 1 });
    expect(row(s, YZ_A)?.openItems).toBeGreaterThan(0);
    expect(row(s, HS_TOWN)).toBeUndefined();
    expect(s.casesByBundleAndStatus["social-assistance"]?.in_progress).toBe(3);
    expect(s.total).toMatchObject({ code: YINZHOU, cases: 3, openCases: 3 });
    // The platform's own figures hold every other place's too: withheld from a scoped operator, not just labelled.
    expect(s.withheld).toEqual(["throughput", "compliance", "departments", "deadLetters", "benefitStops"]);
    expect(s).toMatchObject({
      throughput: [],
      departments: [],
      deadLetters: [],
      compliance: { byBundle: [], byDepartment: [] },
      benefitStops: { entitlementsOfDead: { total: 0 } },
    });
    const platform = await summary(platformOperator);
    expect(platform.withheld).toEqual([]);
    expect(platform.departments.some((d) => d.open > 0 && d.oldest)).toBe(true);
    // The platform's operator picking Yinzhou sees them, labelled as the platform's.
    const picked = await summary(platformOperator, YINZHOU);
    expect(picked.withheld).toEqual([]);
    expect(picked.platformWide).toContain("throughput");
    expect(picked.departments.some((d) => d.open > 0)).toBe(true);
  });

  it("gives a city operator one row per district, and a town its own cases", async () => {
    const s = await summary(operatorAt(NINGBO));
    expect(row(s, YINZHOU)).toMatchObject({ level: "district", cases: 3 });
    expect(row(s, HAISHU)).toMatchObject({ cases: 1 });
    const town = await summary(operatorAt(YINZHOU), YZ_B);
    expect(town.places).toEqual([]);
    expect(town.casesByBundleAndStatus["social-assistance"]?.in_progress).toBe(1);
    // The platform's root counts every case, and lists the provinces.
    const root = await summary(platformOperator);
    expect(root.platformWide).toEqual([]);
    expect(row(root, "330000")).toMatchObject({ cases: 4 });
  });

  it("shows the delegation rate of each district in scope, as the catalogue's grants give it today", async () => {
    const s = await summary(operatorAt(YINZHOU));
    const expected = catalogue.delegations.rate(YINZHOU, "social-assistance", "approval", now.toISOString());
    expect(s.delegation).toEqual([
      expect.objectContaining({
        district: YINZHOU,
        bundleId: "social-assistance",
        itemId: "approval",
        ...expected,
      }),
    ]);
    expect(expected.delegated / expected.towns).toBeGreaterThanOrEqual(0.5);
    const ningbo = await summary(operatorAt(NINGBO));
    expect(ningbo.delegation.map((d) => d.district)).toContain(HAISHU);
  });

  it("counts 落地率 once an item completes on an online case placed there", async () => {
    const before = row(await summary(operatorAt(YINZHOU)), YZ_A);
    expect(before?.itemsLanded).toBe(0);
    expect(before?.itemsOn).toBeGreaterThan(0);
    const tasks: TaskDispatchedMessage[] = [];
    for (const department of catalogue.departments.keys())
      tasks.push(...(await t.takeTasks(department, firstYinzhouCase)));
    const task = tasks[0];
    if (!task) throw new Error("no task dispatched");
    const item = itemDefinition(catalogue.bundle(task.bundleId), task.itemId);
    if (!item) throw new Error(`no item ${task.itemId}`);
    const claims = {
      role: "department",
      sub: "d",
      department: task.department,
      office: task.office?.jurisdiction,
    };
    const r = await t.request("POST", `/v1/tasks/${task.taskToken}/result`, claims, {
      outcome: "completed",
      outputs: autoOutputs(item),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await t.drainOrchestrator();
    const after = row(await summary(operatorAt(YINZHOU)), YZ_A);
    expect(after?.itemsLanded).toBe(1);
    expect(after?.landingRate).toBeCloseTo(1 / (after?.itemsOn ?? 1));
    expect(row(await summary(operatorAt(YINZHOU)), YZ_B)?.itemsLanded).toBe(0);
  });

  it("refuses a place outside the scope, one finer than a town, and one not in the tree", async () => {
    const get = (place: string) => t.request("GET", `/v1/ops/summary?place=${place}`, operatorAt(YINZHOU));
    expect(await get(HAISHU)).toMatchObject({ status: 403, body: { error: "outside_scope" } });
    expect(await get(NINGBO)).toMatchObject({ status: 403, body: { error: "outside_scope" } });
    expect(
      (await t.request("GET", `/v1/ops/summary?place=${COMMUNITY}`, platformOperator)).body,
    ).toMatchObject({
      error: "place_too_fine",
    });
    expect((await t.request("GET", "/v1/ops/summary?place=339999", platformOperator)).status).toBe(400);
  });
});
