import { type Bundle, type Catalogue, type Item, itemDefinition } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { type SampleApplication, samplesFor } from "@onething/seeds/samples";
import { CliError } from "./errors.ts";

let cached: Catalogue | undefined;

/** The seed catalogue (the one the local platform runs), loaded once per process. */
export function catalogue(): Catalogue {
  cached ??= loadSeedCatalogue();
  return cached;
}

export function bundleOrThrow(bundleId: string): Bundle {
  const c = catalogue();
  if (!c.has(bundleId)) {
    throw new CliError(`unknown bundle '${bundleId}' (one of: ${c.bundles.map((b) => b.id).join(", ")})`, {
      exitCode: 2,
      code: "usage",
    });
  }
  return c.bundle(bundleId);
}

/** A bundle's sample by full id or by the part after the bundle's prefix (`hospital-pensioner`); default the first. */
export function findSample(bundleId: string, name?: string): SampleApplication {
  const samples = samplesFor(bundleId);
  if (samples.length === 0) throw new CliError(`bundle ${bundleId} has no sample applications`);
  if (name === undefined) return samples[0] as SampleApplication;
  const found = samples.find((s) => s.id === name || s.id.endsWith(`-${name}`));
  if (!found) {
    throw new CliError(
      `no sample '${name}' for ${bundleId} (one of: ${samples.map((s) => s.id).join(", ")})`,
      {
        exitCode: 2,
        code: "usage",
      },
    );
  }
  return found;
}

/** The item a task names: by id and department across every bundle (ids are unique per bundle only). */
export function findItem(itemId: string, department: string, bundleId?: string): Item | undefined {
  const bundles =
    bundleId && catalogue().has(bundleId) ? [catalogue().bundle(bundleId)] : catalogue().bundles;
  for (const bundle of bundles) {
    const item = itemDefinition(bundle, itemId);
    // An instance's department is its element's when its for-each item names a department field.
    const instanceElsewhere = item?.id !== itemId && item?.forEach?.department !== undefined;
    if (item && (item.department === department || instanceElsewhere)) return item;
  }
  return undefined;
}

/** `--output name=<type>` hints for an item's declared outputs (required ones first). */
export function outputHints(item: Item): string[] {
  return [...item.outputs]
    .sort((a, b) => Number(b.required) - Number(a.required))
    .map(
      (o) =>
        `${o.name}=<${o.type === "enum" ? (o.options ?? []).join("|") : o.type}>${o.required ? "" : "?"}`,
    );
}
