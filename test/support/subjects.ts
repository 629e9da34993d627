import { type Catalogue, residentIdCheckChar } from "@onething/domain";
import type { samplesFor } from "@onething/seeds/samples";

type Sample = ReturnType<typeof samplesFor>[number];

/**
 * The sample as the `n`-th submission of it sends it: the first (`n` = 0) as seeded; later ones about a person of
 * their own (the subject's ID number with another sequence number), since a bundle may allow one open case per
 * subject (`caseSubject.oneOpenCase`) and tests and benchmarks submit a sample many times. `subjects.int.test.ts`
 * tests that rule itself.
 */
export function withSubjectOfItsOwn(catalogue: Catalogue, sample: Sample, n: number): Sample {
  const field = catalogue.bundle(sample.bundleId).caseSubject?.field;
  const name = field?.startsWith("subject.") ? field.slice("subject.".length) : undefined;
  const id = name === undefined ? undefined : sample.application.subject?.[name];
  if (n === 0 || name === undefined || typeof id !== "string") return sample;
  const sequence = (Number(id.slice(14, 17)) + n) % 1000;
  const first17 = `${id.slice(0, 14)}${String(sequence).padStart(3, "0")}`;
  const subject = { ...sample.application.subject, [name]: `${first17}${residentIdCheckChar(first17)}` };
  return { ...sample, application: { ...sample.application, subject } };
}
