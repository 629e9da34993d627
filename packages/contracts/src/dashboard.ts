import { CASE_STATUS_VALUES, JurisdictionLevelSchema } from "@onething/domain";
import { z } from "zod";
import { CaseIdSchema, DepartmentIdSchema } from "./common.ts";
import { ApplicationViewSchema, CaseStatusSchema, JurisdictionCodeSchema } from "./http.ts";
import { DeliveryFiguresSchema } from "./notices.ts";
import { OfferFiguresSchema } from "./offers.ts";
import { BenefitStopFiguresSchema } from "./registry.ts";

/**
 * What the web pages read besides the case view: the citizen's own case list, the department registry, and the
 * operator routes (summary, case list, reveal). Times are ISO 8601 instants of the platform clock; buckets and
 * days are Beijing time (the day boundary the working-day calendar uses).
 */

const Iso = z.string();
const LocalizedSchema = z.strictObject({ zh: z.string(), en: z.string() });

/** GET /v1/departments (public): the department registry, for names on every page. */
export const DepartmentListSchema = z.strictObject({
  departments: z.array(
    z.strictObject({
      id: DepartmentIdSchema,
      name: LocalizedSchema,
      kind: z.string(),
    }),
  ),
});
export type DepartmentList = z.infer<typeof DepartmentListSchema>;

/** One row of a case list (citizen's or operator's): never an applicant's identity. */
export const CaseListEntrySchema = z.strictObject({
  caseId: CaseIdSchema,
  bundleId: z.string(),
  status: CaseStatusSchema,
  submittedAt: Iso,
  updatedAt: Iso,
  closedAt: Iso.optional(),
  /** Some item's current attempt is past its deadline. */
  overdue: z.boolean(),
  /** The items past their deadline: department and deadline (operators' lists; absent when none). */
  overdueItems: z
    .array(z.strictObject({ itemId: z.string(), department: DepartmentIdSchema, dueAt: Iso }))
    .optional(),
  /**
   * The subject's name (the deceased, the child …), only in the applicant's own list (`GET /v1/cases`), so that two
   * cases of one bundle differ; never in an operator's list.
   */
  subjectName: z.string().optional(),
});
export type CaseListEntry = z.infer<typeof CaseListEntrySchema>;

const limit = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().min(1).max(2000).optional();

/** GET /v1/cases — a citizen's own cases (or a clerk's filed ones), newest submission first. */
export const MyCaseListQuerySchema = z.strictObject({ limit, cursor });
export const MyCaseListSchema = z.strictObject({
  cases: z.array(CaseListEntrySchema),
  cursor: z.string().optional(),
});
export type MyCaseList = z.infer<typeof MyCaseListSchema>;

const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");
const dayParam = z.iso.date();

/**
 * GET /v1/ops/cases — any combination of filters. `caseId` looks one case up (the other filters must then match
 * it too); `from`/`to` bound the submission day (Beijing, inclusive); `department` keeps cases with an item open at
 * that department; `overdue=true` keeps cases with an overdue item. No status and no other filter: open cases.
 * A page may hold fewer than `limit` entries while `cursor` is present (filters apply after the index read).
 */
export const OpsCaseListQuerySchema = z
  .strictObject({
    caseId: CaseIdSchema.optional(),
    /** Cases placed or received at or below this place (within the caller's scope; default the scope). */
    place: JurisdictionCodeSchema.optional(),
    status: CaseStatusSchema.optional(),
    bundle: z.string().min(1).max(64).optional(),
    department: DepartmentIdSchema.optional(),
    from: dayParam.optional(),
    to: dayParam.optional(),
    overdue: booleanParam.optional(),
    limit,
    cursor,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ["to"],
    message: "must not be before from",
  });
export type OpsCaseListQuery = z.infer<typeof OpsCaseListQuerySchema>;

export const OpsCaseListSchema = z.strictObject({
  cases: z.array(CaseListEntrySchema),
  cursor: z.string().optional(),
  /** The platform clock at the read: how late an overdue item is, counted by the pages. */
  asOf: Iso.optional(),
});
export type OpsCaseList = z.infer<typeof OpsCaseListSchema>;

/** Items finished by a department's answer (completed, rejected, or asked for a supplement), and how many in time. */
const ComplianceSchema = z.strictObject({
  answered: z.number().int().nonnegative(),
  onTime: z.number().int().nonnegative(),
});

/** One bucket of the throughput chart: transitions into each status during the bucket. */
export const ThroughputBucketSchema = z.strictObject({
  /** Start of the bucket, ISO instant. */
  start: Iso,
  submitted: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  completedWithExceptions: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  withdrawn: z.number().int().nonnegative(),
});

export const QueueDepthSchema = z.strictObject({
  /** `ApproximateNumberOfMessages` */
  visible: z.number().int().nonnegative(),
  /** `ApproximateNumberOfMessagesNotVisible` */
  inFlight: z.number().int().nonnegative(),
});

/** How many cases are in each status: every status named, zeros included. */
const CountsByStatusSchema = z.strictObject(
  Object.fromEntries(CASE_STATUS_VALUES.map((status) => [status, z.number().int()])) as Record<
    (typeof CASE_STATUS_VALUES)[number],
    z.ZodNumber
  >,
);

/** GET /v1/ops/summary?place= — a place within the caller's scope, at most as fine as a town; default the scope. */
export const OpsSummaryQuerySchema = z.strictObject({ place: JurisdictionCodeSchema.optional() });
export type OpsSummaryQuery = z.infer<typeof OpsSummaryQuerySchema>;

/** The figures of one place (the selected place's child), from the per-place counters. */
export const PlaceFiguresSchema = z.strictObject({
  code: JurisdictionCodeSchema,
  name: LocalizedSchema,
  level: JurisdictionLevelSchema,
  /** Cases placed there (every status), and of those open (in progress or awaiting the applicant). */
  cases: z.number().int(),
  openCases: z.number().int(),
  /** Items of its cases held by a department now (whichever office), and of those past their deadline. */
  openItems: z.number().int(),
  overdue: z.number().int(),
  /** 落地率: items the place's profile switches on (every bundle), of those completed at least once on an online
   * or proactive case placed there, and the share (0 when none is on). */
  itemsOn: z.number().int().nonnegative(),
  itemsLanded: z.number().int().nonnegative(),
  landingRate: z.number().min(0).max(1),
});
export type PlaceFigures = z.infer<typeof PlaceFiguresSchema>;

/** Delegated approval in a district today: its towns, those holding the delegation, the share. */
export const DelegationRateSchema = z.strictObject({
  district: JurisdictionCodeSchema,
  name: LocalizedSchema,
  bundleId: z.string(),
  itemId: z.string(),
  towns: z.number().int().nonnegative(),
  delegated: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1),
});
export type DelegationRate = z.infer<typeof DelegationRateSchema>;

/**
 * Parts of the summary no per-place counter holds: the whole platform's, shown to the platform's operators whatever
 * place they pick, withheld from scoped operators.
 */
export const PLATFORM_WIDE_FIGURES = [
  "throughput",
  "compliance",
  "departments",
  "deadLetters",
  "benefitStops",
] as const;

/** GET /v1/ops/summary — everything the overview shows, in one read (counters, one GSI read per department, SQS). */
export const OpsSummarySchema = z.strictObject({
  generatedAt: Iso,
  /** The caller's scope (the platform's root for an unscoped operator) and the place the figures are for. */
  scope: z.strictObject({ jurisdiction: JurisdictionCodeSchema, path: z.string() }),
  place: z.strictObject({
    code: JurisdictionCodeSchema,
    name: LocalizedSchema,
    level: JurisdictionLevelSchema,
    path: z.string(),
  }),
  /**
   * Cases per bundle and status: every case for the platform's root, else the cases placed at or below `place` (the
   * per-place counters; cases submitted before places count only at the root).
   */
  casesByBundleAndStatus: z.record(z.string(), CountsByStatusSchema),
  /** The place's own figures: every case placed at or below it (the cases placed at the place itself too). */
  total: PlaceFiguresSchema,
  /** The figures below `place`, one row per child in the tree (zeros included); none below a town. */
  places: z.array(PlaceFiguresSchema),
  /** Delegated approval per district at or below `place` (its district for a town), today. */
  delegation: z.array(DelegationRateSchema),
  /** Which figures are of the whole platform because `place` is not the root (empty at the root). */
  platformWide: z.array(z.enum(PLATFORM_WIDE_FIGURES)),
  /**
   * Which of those are withheld (empty) because the caller is scoped: they are other places' too, and a scoped
   * operator sees nothing beyond its office. Empty for the platform's own operators.
   */
  withheld: z.array(z.enum(PLATFORM_WIDE_FIGURES)),
  /** The last 60 minutes of the platform clock, one bucket per minute, oldest first (60 buckets, zeros included). */
  throughput: z.array(ThroughputBucketSchema),
  compliance: z.strictObject({
    byBundle: z.array(ComplianceSchema.extend({ bundleId: z.string() })),
    byDepartment: z.array(ComplianceSchema.extend({ department: DepartmentIdSchema })),
  }),
  departments: z.array(
    z.strictObject({
      department: DepartmentIdSchema,
      /** Items the department holds now, and of those past their deadline. */
      open: z.number().int(),
      overdue: z.number().int(),
      /** Of the held items, those dispatched without a deadline (no working-day calendar covered the time limit). */
      noDeadline: z.number().int(),
      /** The held item with the earliest deadline (absent when none is held, and for a scoped caller: it names a case of any place). */
      oldest: z
        .strictObject({
          caseId: CaseIdSchema,
          itemId: z.string(),
          dispatchedAt: Iso,
          dueAt: Iso,
          /** The deadline counts days of a year without a published holiday notice. */
          dueProvisional: z.boolean(),
        })
        .optional(),
      /** Mean time from dispatch to the department's answer, over every answered attempt (absent before the first). */
      averageHandlingSeconds: z.number().nonnegative().optional(),
      answered: z.number().int().nonnegative(),
      onTime: z.number().int().nonnegative(),
      queue: QueueDepthSchema,
    }),
  ),
  /** Every DLQ, named by its source queue's key (`orchestrator`, `results`, `dept-<id>`). */
  deadLetters: z.array(z.strictObject({ queue: z.string(), depth: z.number().int().nonnegative() })),
  /** A death stops every benefit: how fast, and what is still paid to the dead. */
  benefitStops: BenefitStopFiguresSchema,
  /** Proactive offers (免申即享) placed at or below `place`: the funnel, per bundle and per child place. */
  offers: OfferFiguresSchema,
  /** 送达率 of the notices (issue 16). */
  delivery: DeliveryFiguresSchema.optional(),
});
export type OpsSummary = z.infer<typeof OpsSummarySchema>;

/** POST /v1/ops/cases/{caseId}/reveal — needs the operator's `reveal` permission; recorded in the timeline. */
export const RevealRequestSchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export const RevealResponseSchema = z.strictObject({
  caseId: CaseIdSchema,
  application: ApplicationViewSchema,
  /** The timeline entry that records this reveal. */
  entryId: z.string(),
});
export type RevealResponse = z.infer<typeof RevealResponseSchema>;

/** POST /v1/ops/dead-letters/{queue}/redrive */
export const RedriveResponseSchema = z.strictObject({
  queue: z.string(),
  moved: z.number().int().nonnegative(),
  /** Received but refused by the source queue: still in the DLQ (the CLI reports them). */
  failed: z.number().int().nonnegative(),
});
