import type { OpsPort } from "@onething/api";

/** An operator port for tests that do not look at what the operator routes return: empty lists, no reveal. */
export const noOps: OpsPort = {
  listCases: async () => ({ cases: [] }),
  summary: async () => ({
    generatedAt: new Date(0).toISOString(),
    scope: { jurisdiction: "000000", path: "000000" },
    place: { code: "000000", name: { zh: "全国", en: "China" }, level: "country", path: "000000" },
    casesByBundleAndStatus: {},
    total: {
      code: "000000",
      name: { zh: "全国", en: "China" },
      level: "country",
      cases: 0,
      openCases: 0,
      openItems: 0,
      overdue: 0,
      itemsOn: 0,
      itemsLanded: 0,
      landingRate: 0,
    },
    places: [],
    delegation: [],
    platformWide: [],
    withheld: [],
    throughput: [],
    compliance: { byBundle: [], byDepartment: [] },
    departments: [],
    deadLetters: [],
    benefitStops: {
      deathToLastStopDays: { count: 0 },
      entitlementsOfDead: { total: 0, byDepartment: {} },
      overdueStops: {},
    },
    offers: {
      total: { made: 0, delivered: 0, opened: 0, accepted: 0, declined: 0, expired: 0, superseded: 0 },
      byBundle: [],
      byPlace: [],
      eventToCase: { count: 0 },
    },
  }),
  redrive: async () => ({ moved: 0, failed: 0 }),
  reveal: async () => {
    throw new Error("no reveal in this test");
  },
};
