/** Base class of every error the domain throws; `code` is stable and machine-readable. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface CatalogueIssue {
  bundleId?: string;
  itemId?: string;
  field?: string;
  message: string;
}

/** The catalogue (bundles, departments, calendar) is malformed; every issue names where. */
export class CatalogueValidationError extends DomainError {
  readonly code = "catalogue_invalid";
  readonly issues: readonly CatalogueIssue[];
  constructor(issues: readonly CatalogueIssue[]) {
    super(`Catalogue is invalid:\n${issues.map((i) => `  - ${formatCatalogueIssue(i)}`).join("\n")}`);
    this.issues = issues;
  }
}

export function formatCatalogueIssue(issue: CatalogueIssue): string {
  const where = [
    issue.bundleId && `bundle ${issue.bundleId}`,
    issue.itemId && `item ${issue.itemId}`,
    issue.field && `field ${issue.field}`,
  ]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** A date falls in a year for which no working-day calendar has been published or loaded. */
export class CalendarRangeError extends DomainError {
  readonly code = "calendar_year_missing";
  readonly year: number;
  constructor(year: number, known: readonly number[]) {
    super(
      `No working-day calendar for ${year} (known years: ${known.join(", ") || "none"}); add seeds/calendar/${year}.json from the State Council holiday notice.`,
    );
    this.year = year;
  }
}

export class UnknownBundleError extends DomainError {
  readonly code = "unknown_bundle";
  readonly bundleId: string;
  readonly version: number | undefined;
  constructor(bundleId: string, version?: number) {
    super(version === undefined ? `Unknown bundle ${bundleId}` : `Unknown bundle ${bundleId} v${version}`);
    this.bundleId = bundleId;
    this.version = version;
  }
}

/** A jurisdiction code that is not in the tree. */
export class UnknownPlaceError extends DomainError {
  readonly code = "unknown_place";
  readonly place: string;
  constructor(place: string) {
    super(`Unknown place ${place}`);
    this.place = place;
  }
}
