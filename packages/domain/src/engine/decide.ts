import { type Application, readField, validateApplication, validateOutputs } from "../bundle/application.ts";
import type { Catalogue } from "../bundle/catalogue.ts";
import { evaluatePredicate, type PredicateScope } from "../bundle/predicate.ts";
import type { Bundle, Item } from "../bundle/schema.ts";
import type { Deadline, WorkingCalendar } from "../calendar/calendar.ts";
import { validateSupplement } from "./supplement.ts";
import {
  type ApplicationSubmitted,
  type CalendarRevised,
  type CaseEvent,
  type CaseState,
  type CaseWithdrawn,
  type ClosedCase,
  type Command,
  type Decision,
  type IgnoreReason,
  type ItemInputs,
  type ItemOverdue,
  type ItemResultReceived,
  type ItemState,
  isClosed,
  OPEN_ITEM_STATUSES,
  type OpenCase,
  type SupplementProvided,
  type TimelineEntry,
} from "./types.ts";

export interface EngineConfig {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
}

/** Pure: same state, event and time give the same decision. Never reads a clock or makes ids. */
export type Decide = (state: CaseState | undefined, event: CaseEvent, now: Date) => Decision;

/**
 * Builds the workflow engine over a catalogue and a working-day calendar.
 * @example const decide = createDecide({ catalogue, calendar }); const { state, commands } = decide(undefined, submitted, now);
 */
export function createDecide(config: EngineConfig): Decide {
  return (state, event, now) => {
    const draft = state === undefined ? undefined : structuredClone(state);
    const run = new Run(config, event.eventId, event.caseId, now);
    const ignored = apply(run, draft, event);
    if (ignored) return { state, commands: [], ignored };
    return { state: run.state, commands: run.commands };
  };
}

type Ignored = { reason: IgnoreReason; detail: string } | undefined;
const ignore = (reason: IgnoreReason, detail: string): Ignored => ({ reason, detail });

function apply(run: Run, draft: CaseState | undefined, event: CaseEvent): Ignored {
  if (event.type === "ApplicationSubmitted") return submit(run, draft, event);
  if (!draft) return ignore("unknown_case", `no case ${event.caseId}`);
  if (isClosed(draft)) return ignore("case_closed", `case is already ${draft.status}`);
  run.attach(draft);
  switch (event.type) {
    case "ItemResultReceived":
      return receiveResult(run, draft, event);
    case "SupplementProvided":
      return receiveSupplement(run, draft, event);
    case "ItemOverdue":
      return escalateOverdue(run, draft, event);
    case "CaseWithdrawn":
      return withdraw(run, draft, event);
    case "CalendarRevised":
      return reviseDeadlines(run, draft, event);
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${(never as CaseEvent).type}`);
    }
  }
}

/** Accumulates the new state and commands of one decide() call. */
class Run {
  readonly commands: Command[] = [];
  state: CaseState | undefined;
  bundle!: Bundle;
  private seq = 0;
  private readonly config: EngineConfig;
  readonly eventId: string;
  readonly caseId: string;
  readonly now: Date;
  readonly at: string;

  constructor(config: EngineConfig, eventId: string, caseId: string, now: Date) {
    this.config = config;
    this.eventId = eventId;
    this.caseId = caseId;
    this.now = now;
    this.at = now.toISOString();
  }

  get catalogue(): Catalogue {
    return this.config.catalogue;
  }

  attach(state: CaseState): void {
    this.state = state;
    this.bundle = this.config.catalogue.bundle(state.bundleId, state.bundleVersion);
    state.updatedAt = this.at;
  }

  get calendar(): WorkingCalendar {
    return this.config.calendar;
  }

  emit(command: Command): void {
    this.commands.push(command);
  }

  timeline(
    kind: TimelineEntry["kind"],
    extra: Partial<Pick<TimelineEntry, "itemId" | "department" | "attempt" | "detail" | "deadline">> = {},
  ) {
    this.emit({
      type: "RecordTimeline",
      caseId: this.caseId,
      entry: { entryId: `${this.eventId}#${this.seq++}`, at: this.at, kind, eventId: this.eventId, ...extra },
    });
  }

  notify(
    kind: Extract<Command, { type: "NotifyApplicant" }>["kind"],
    extra: { itemId?: string; detail?: string } = {},
  ) {
    this.emit({ type: "NotifyApplicant", caseId: this.caseId, kind, ...extra, status: this.state?.status });
  }
}

// ---- Event handlers ----

function submit(run: Run, existing: CaseState | undefined, event: ApplicationSubmitted): Ignored {
  if (existing) return ignore("already_submitted", `case ${event.caseId} exists`);
  const bundle = run.catalogue.find(event.bundleId, event.bundleVersion);
  if (!bundle)
    return ignore("unknown_bundle", `no bundle ${event.bundleId} ${event.bundleVersion ?? "(latest)"}`);
  const valid = validateApplication(bundle, event.application);
  if (!valid.ok) {
    return ignore("invalid_application", valid.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  }
  const disabled = new Set(run.catalogue.disabledItems(bundle.id));
  const items: Record<string, ItemState> = {};
  for (const item of bundle.items) {
    items[item.id] = disabled.has(item.id)
      ? {
          itemId: item.id,
          department: item.department,
          status: "skipped",
          skipReason: "disabled_by_tenant",
          attempt: 0,
          escalations: 0,
        }
      : { itemId: item.id, department: item.department, status: "pending", attempt: 0, escalations: 0 };
  }
  const state: OpenCase = {
    caseId: event.caseId,
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    status: "in_progress",
    channel: event.channel,
    filedBy: event.filedBy,
    application: valid.value,
    items,
    submittedAt: run.at,
    updatedAt: run.at,
  };
  run.attach(state);
  run.timeline("case_submitted", { detail: `${bundle.id} v${bundle.version} via ${event.channel}` });
  for (const id of disabled) run.timeline("item_skipped", { itemId: id, detail: "disabled_by_tenant" });
  const fatal = advance(run, state);
  run.notify("case_received");
  finish(run, state, fatal);
  return undefined;
}

function receiveResult(run: Run, state: OpenCase, event: ItemResultReceived): Ignored {
  const found = openItem(run, state, event.itemId, event.attempt);
  if ("reason" in found) return found;
  const { item, itemState } = found;
  if (event.department !== itemState.department) {
    return ignore(
      "wrong_department",
      `item ${item.id} belongs to ${itemState.department}, not ${event.department}`,
    );
  }
  if (itemState.status !== "dispatched")
    return ignore("item_not_open", `item ${item.id} is ${itemState.status}`);
  const result = event.result;
  const where = { itemId: item.id, department: item.department, attempt: itemState.attempt };
  switch (result.outcome) {
    case "completed": {
      const outputs = validateOutputs(item, result.outputs);
      if (!outputs.ok) {
        return ignore("invalid_outputs", outputs.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
      }
      finishItem(run, itemState, "completed", { outputs: outputs.value });
      run.timeline("item_completed", where);
      run.notify("item_completed", { itemId: item.id });
      break;
    }
    case "rejected": {
      finishItem(run, itemState, "rejected", { reason: result.reason });
      run.timeline("item_rejected", { ...where, detail: result.reason });
      run.notify("item_rejected", { itemId: item.id, detail: result.reason });
      if (item.rejectionFails === "case") return closeAll(run, state, "rejected", "case_rejected");
      break;
    }
    case "needs_supplement": {
      itemState.status = "awaiting_supplement";
      itemState.reason = result.reason;
      itemState.requested = result.requested;
      itemState.overdue = false;
      // The committed time limit stops while the applicant owes material; it restarts on re-dispatch.
      setDeadline(itemState, undefined, false);
      run.timeline("supplement_requested", {
        ...where,
        detail: `${result.reason} (${result.requested.map((r) => r.field).join(", ")})`,
      });
      refreshStatus(state);
      run.notify("supplement_requested", { itemId: item.id, detail: result.reason });
      return undefined;
    }
    default: {
      const never: never = result;
      throw new Error(`unhandled outcome ${(never as { outcome: string }).outcome}`);
    }
  }
  finish(run, state, advance(run, state));
  return undefined;
}

function receiveSupplement(run: Run, state: OpenCase, event: SupplementProvided): Ignored {
  const found = openItem(run, state, event.itemId, event.attempt);
  if ("reason" in found) return found;
  const { item, itemState } = found;
  if (itemState.status !== "awaiting_supplement") {
    return ignore("item_not_open", `item ${item.id} is ${itemState.status}, not awaiting a supplement`);
  }
  const checked = validateSupplement(run.bundle, item, itemState.requested ?? [], event.answers);
  if (!checked.ok) {
    return ignore("supplement_incomplete", checked.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  }
  // Corrections to form fields the item reads replace the old values, so later items see them too; the
  // corrected application must still satisfy the whole form (conditional requirements included).
  const corrected = structuredClone(state.application);
  for (const [ref, value] of Object.entries(checked.value.formCorrections)) {
    const [section, name] = ref.split(".") as [keyof Application, string];
    corrected[section] = { ...(corrected[section] ?? {}), [name]: value };
  }
  const revalidated = validateApplication(run.bundle, corrected);
  if (!revalidated.ok) {
    return ignore(
      "supplement_incomplete",
      revalidated.issues.map((i) => `${i.path}: ${i.message}`).join("; "),
    );
  }
  state.application = revalidated.value;
  itemState.supplement = event.answers;
  run.timeline("supplement_provided", {
    itemId: item.id,
    department: item.department,
    attempt: itemState.attempt,
  });
  dispatch(run, state, item, itemState);
  refreshStatus(state);
  return undefined;
}

function escalateOverdue(run: Run, state: OpenCase, event: ItemOverdue): Ignored {
  const found = openItem(run, state, event.itemId, event.attempt);
  if ("reason" in found) return found;
  const { item, itemState } = found;
  if (itemState.status !== "dispatched" || !itemState.dueAt) {
    return ignore("item_not_open", `item ${item.id} is ${itemState.status}; its clock is not running`);
  }
  if (run.now.getTime() <= Date.parse(itemState.dueAt)) {
    return ignore("not_yet_due", `item ${item.id} is due at ${itemState.dueAt}`);
  }
  if (itemState.overdue)
    return ignore("already_escalated", `item ${item.id} attempt ${itemState.attempt} was escalated`);
  raiseOverdue(run, state, item, itemState);
  return undefined;
}

function raiseOverdue(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  const dueAt = itemState.dueAt as string;
  itemState.overdue = true;
  itemState.escalations += 1;
  run.timeline("item_overdue", {
    itemId: item.id,
    department: item.department,
    attempt: itemState.attempt,
    detail: `due ${dueAt}`,
    deadline: { dueAt, provisional: itemState.dueProvisional === true },
  });
  run.emit({
    type: "EscalateOverdueItem",
    caseId: state.caseId,
    itemId: item.id,
    department: item.department,
    attempt: itemState.attempt,
    dueAt,
  });
  run.notify("item_delayed", { itemId: item.id });
}

/**
 * Counts every running deadline again with the engine's calendar (a notice was loaded). A deadline that moved or
 * stopped being provisional is recorded (old and new) and its department told; an overdue flag is recomputed: an
 * item no longer late is cleared, one late now is escalated at once. Nothing changed: ignored, so a replay is inert.
 */
function reviseDeadlines(run: Run, state: OpenCase, event: CalendarRevised): Ignored {
  let revised = 0;
  for (const item of run.bundle.items) {
    const itemState = state.items[item.id];
    if (itemState?.status !== "dispatched" || !itemState.dispatchedAt) continue;
    const previous = { dueAt: itemState.dueAt, provisional: itemState.dueProvisional === true };
    const deadline = run.calendar.deadline(new Date(itemState.dispatchedAt), item.timeLimitWorkingDays);
    if (deadline?.dueAt === previous.dueAt && (deadline?.provisional ?? false) === previous.provisional)
      continue;
    revised++;
    setDeadline(itemState, deadline);
    const where = { itemId: item.id, department: item.department, attempt: itemState.attempt };
    run.timeline("deadline_revised", {
      ...where,
      detail: `${event.year}: due ${previous.dueAt ?? "none"}${previous.provisional ? " (provisional)" : ""} → ${
        deadline ? `${deadline.dueAt}${deadline.provisional ? " (provisional)" : ""}` : "none"
      }`,
      deadline: {
        ...(deadline ? { dueAt: deadline.dueAt } : {}),
        provisional: deadline?.provisional ?? false,
        ...(previous.dueAt ? { previousDueAt: previous.dueAt } : {}),
        previousProvisional: previous.provisional,
        year: event.year,
      },
    });
    run.emit({
      type: "ReviseItemDeadline",
      caseId: state.caseId,
      ...where,
      ...(deadline ? { dueAt: deadline.dueAt } : {}),
      ...(previous.dueAt ? { previousDueAt: previous.dueAt } : {}),
      dueProvisional: deadline?.provisional ?? false,
    });
    const late = deadline !== undefined && run.now.getTime() > Date.parse(deadline.dueAt);
    if (itemState.overdue && !late) itemState.overdue = false;
    else if (!itemState.overdue && late) raiseOverdue(run, state, item, itemState);
  }
  if (revised === 0) return ignore("deadlines_unchanged", `no running deadline changes with ${event.year}`);
  return undefined;
}

function withdraw(run: Run, state: OpenCase, event: CaseWithdrawn): Ignored {
  closeAll(run, state, "withdrawn", "case_withdrawn", { reason: event.reason, by: event.by });
  return undefined;
}

// ---- Mechanics ----

function openItem(
  run: Run,
  state: OpenCase,
  itemId: string,
  attempt: number,
): { item: Item; itemState: ItemState } | { reason: IgnoreReason; detail: string } {
  const item = run.bundle.items.find((i) => i.id === itemId);
  const itemState = state.items[itemId];
  if (!item || !itemState)
    return { reason: "unknown_item", detail: `no item ${itemId} in ${state.bundleId}` };
  if (attempt !== itemState.attempt) {
    return {
      reason: "stale_attempt",
      detail: `item ${itemId} is on attempt ${itemState.attempt}, not ${attempt}`,
    };
  }
  return { item, itemState };
}

function isOpen(s: ItemState): boolean {
  return OPEN_ITEM_STATUSES.includes(s.status);
}

/** A finished dependency that did not happen, so its dependents cannot either. */
function blocks(s: ItemState): boolean {
  return s.status === "rejected" || s.status === "cancelled" || s.skipReason === "dependency_not_completed";
}

function caseScope(state: CaseState): PredicateScope {
  return {
    field: (ref) => readField(state.application, ref),
    output: (ref) => {
      const [itemId = "", name = ""] = ref.split(".");
      const s = state.items[itemId];
      return s?.status === "completed" ? s.outputs?.[name] : undefined;
    },
  };
}

/**
 * Dispatches, skips or assembles every item whose predecessors have all finished, until nothing changes.
 * Returns the id of a case-fatal item that can no longer happen (a dependency of it failed), if any.
 */
function advance(run: Run, state: OpenCase): string | undefined {
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of run.bundle.items) {
      const itemState = state.items[item.id];
      if (itemState?.status !== "pending") continue;
      const deps = item.dependsOn.map((d) => state.items[d] as ItemState);
      const waitingFor = [...deps, ...item.after.map((a) => state.items[a] as ItemState)];
      if (waitingFor.some((d) => d.status === "pending" || isOpen(d))) continue;
      changed = true;
      // A report still goes out when a source failed: it says which source failed and why.
      const blocker = item.kind === "report" ? undefined : deps.find(blocks);
      if (blocker) {
        skip(run, itemState, "dependency_not_completed", `${blocker.itemId} ${blocker.status}`);
        if (item.rejectionFails === "case") return item.id;
      } else if (item.condition && !evaluatePredicate(item.condition, caseScope(state))) {
        skip(run, itemState, "condition_false", "condition does not hold");
      } else if (item.kind === "report") {
        finishItem(run, itemState, "completed", { outputs: assembleReport(item, state) });
        run.timeline("item_completed", {
          itemId: item.id,
          department: item.department,
          detail: "assembled by the platform",
        });
        run.notify("item_completed", { itemId: item.id });
      } else {
        dispatch(run, state, item, itemState);
      }
    }
  }
  return undefined;
}

/** After items moved: the case fails if a fatal item can no longer happen, else it closes once nothing is open. */
function finish(run: Run, state: OpenCase, fatal: string | undefined): void {
  if (fatal) {
    closeAll(run, state, "rejected", "case_rejected", undefined, `${fatal} can no longer happen`);
    return;
  }
  refreshStatus(state);
  closeIfDone(run, state);
}

function skip(
  run: Run,
  itemState: ItemState,
  reason: NonNullable<ItemState["skipReason"]>,
  detail: string,
): void {
  itemState.status = "skipped";
  itemState.skipReason = reason;
  itemState.finishedAt = run.at;
  run.timeline("item_skipped", {
    itemId: itemState.itemId,
    department: itemState.department,
    detail: `${reason}: ${detail}`,
  });
}

function finishItem(
  run: Run,
  itemState: ItemState,
  status: "completed" | "rejected",
  extra: { outputs?: Record<string, unknown>; reason?: string },
): void {
  itemState.status = status;
  itemState.finishedAt = run.at;
  itemState.overdue = false;
  setDeadline(itemState, undefined, false);
  if (extra.outputs) itemState.outputs = extra.outputs;
  if (extra.reason) itemState.reason = extra.reason;
}

/**
 * Sets (or, with no deadline, clears) an item's due time and its provisional marks. `unavailable` says whether a
 * missing deadline is the calendar's fault (a dispatched item) or simply none running (paused, finished).
 */
function setDeadline(
  itemState: ItemState,
  deadline: Deadline | undefined,
  unavailable = deadline === undefined,
): void {
  delete itemState.dueAt;
  delete itemState.dueProvisional;
  delete itemState.dueProvisionalYears;
  delete itemState.dueUnavailable;
  if (deadline) {
    itemState.dueAt = deadline.dueAt;
    if (deadline.provisional) {
      itemState.dueProvisional = true;
      itemState.dueProvisionalYears = deadline.provisionalYears;
    }
  } else if (unavailable) itemState.dueUnavailable = true;
}

function dispatch(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  // Never throws: where no calendar can count the time limit, the item goes out without a deadline, flagged.
  const deadline = run.calendar.deadline(run.now, item.timeLimitWorkingDays);
  itemState.status = "dispatched";
  itemState.attempt += 1;
  itemState.dispatchedAt = run.at;
  setDeadline(itemState, deadline);
  itemState.overdue = false;
  delete itemState.requested;
  const where = { itemId: item.id, department: item.department, attempt: itemState.attempt };
  run.timeline("item_dispatched", where);
  if (!deadline)
    run.timeline("item_deadline_unavailable", {
      ...where,
      detail: `no working-day calendar covers ${item.timeLimitWorkingDays} working days from ${run.at}`,
      deadline: { provisional: false, workingDays: item.timeLimitWorkingDays },
    });
  run.emit({
    type: "DispatchItem",
    caseId: state.caseId,
    itemId: item.id,
    department: item.department,
    attempt: itemState.attempt,
    ...(deadline ? { dueAt: deadline.dueAt } : {}),
    dueProvisional: deadline?.provisional ?? false,
    inputs: declaredInputs(item, state),
    ...(itemState.supplement ? { supplement: itemState.supplement } : {}),
  });
}

/** Only what the item declares; nothing else of the application leaves the platform. */
export function declaredInputs(item: Item, state: CaseState): ItemInputs {
  const scope = caseScope(state);
  const pick = (refs: readonly string[], read: (ref: string) => unknown) => {
    const out: Record<string, unknown> = {};
    for (const ref of refs) {
      const value = read(ref);
      if (value !== undefined) out[ref] = value;
    }
    return out;
  };
  return { fields: pick(item.inputs.fields, scope.field), outputs: pick(item.inputs.outputs, scope.output) };
}

/**
 * One report in one place: a row per record each source returned, or a row saying why a source has none.
 * (Korea's Safe Inheritance answers per holder in separate messages; its users' main complaint.)
 */
function assembleReport(item: Item, state: CaseState): Record<string, unknown> {
  const rows: Record<string, unknown>[] = [];
  for (const depId of item.dependsOn) {
    const dep = state.items[depId] as ItemState;
    const refs = item.inputs.outputs.filter((r) => r.startsWith(`${depId}.`));
    const records = refs.flatMap((r) => {
      const value = dep.outputs?.[r.slice(depId.length + 1)];
      return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
    });
    if (dep.status !== "completed") {
      rows.push({
        source: depId,
        department: dep.department,
        status: dep.status,
        note: dep.skipReason ?? dep.reason ?? null,
      });
    } else if (records.length === 0) {
      rows.push({ source: depId, department: dep.department, status: "completed", note: "nothing found" });
    } else {
      for (const r of records)
        rows.push({ source: depId, department: dep.department, status: "completed", ...r });
    }
  }
  const name = item.outputs[0]?.name ?? "report";
  return { [name]: rows };
}

function refreshStatus(state: OpenCase): void {
  state.status = Object.values(state.items).some((s) => s.status === "awaiting_supplement")
    ? "awaiting_applicant"
    : "in_progress";
}

function closeIfDone(run: Run, state: OpenCase): void {
  const items = Object.values(state.items);
  if (items.some((s) => s.status === "pending" || isOpen(s))) return;
  const exceptions = items.filter(
    (s) => s.status === "rejected" || s.skipReason === "dependency_not_completed",
  );
  close(run, state, exceptions.length > 0 ? "completed_with_exceptions" : "completed");
  run.timeline("case_closed", {
    detail:
      exceptions.length > 0 ? `exceptions: ${exceptions.map((s) => s.itemId).join(", ")}` : "all items done",
  });
  run.notify("case_closed");
}

/** Ends the case at once (fatal rejection or withdrawal): open items are cancelled and their departments told. */
function closeAll(
  run: Run,
  state: OpenCase,
  status: "rejected" | "withdrawn",
  reason: "case_rejected" | "case_withdrawn",
  withdrawal?: ClosedCase["withdrawal"],
  detail = "a fatal item was rejected",
): Ignored {
  for (const itemState of Object.values(state.items)) {
    if (isOpen(itemState)) {
      run.emit({
        type: "CancelItem",
        caseId: state.caseId,
        itemId: itemState.itemId,
        department: itemState.department,
        attempt: itemState.attempt,
        reason,
      });
      run.timeline("item_cancelled", {
        itemId: itemState.itemId,
        department: itemState.department,
        attempt: itemState.attempt,
        detail: reason,
      });
    }
    if (itemState.status === "pending" || isOpen(itemState)) {
      itemState.status = "cancelled";
      itemState.finishedAt = run.at;
      itemState.overdue = false;
      setDeadline(itemState, undefined, false);
    }
  }
  const closed = close(run, state, status);
  if (withdrawal) {
    closed.withdrawal = withdrawal;
    run.timeline("case_withdrawn", { detail: withdrawal.reason });
  } else {
    run.timeline("case_closed", { detail });
  }
  run.notify("case_closed");
  return undefined;
}

function close(run: Run, state: OpenCase, status: ClosedCase["status"]): ClosedCase {
  const closed: ClosedCase = { ...state, status, closedAt: run.at };
  run.state = closed;
  return closed;
}
