/**
 * The seeds' sample applications (plain JSON, bundled as data): sample identities on the sign-in page and a
 * "fill with a sample" button on each form, so a demo never needs a made-up ID number.
 */
interface SampleFile {
  id: string;
  bundleId: string;
  description: { zh: string; en: string };
  channel: string;
  application: {
    applicant: Record<string, unknown>;
    subject?: Record<string, unknown>;
    answers: Record<string, unknown>;
  };
}

const files = import.meta.glob<SampleFile>("../../../seeds/samples/*/*.json", {
  eager: true,
  import: "default",
});

export const samples: SampleFile[] = Object.values(files).sort((a, b) => a.id.localeCompare(b.id));

export function samplesFor(bundleId: string): SampleFile[] {
  return samples.filter((s) => s.bundleId === bundleId);
}

/** People who apply online in the samples (organisations sign in differently). */
export function sampleIdentities(): { name: string; idNumber: string }[] {
  const seen = new Set<string>();
  return samples.flatMap((s) => {
    const { name, idNumber } = s.application.applicant;
    if (s.channel !== "online" || typeof idNumber !== "string" || seen.has(idNumber)) return [];
    seen.add(idNumber);
    return [{ name: String(name ?? idNumber), idNumber }];
  });
}

/** Organisations that apply online in the samples (an organisation's account is a person acting for it). */
export function sampleOrganisations(): { name: string; uscc: string }[] {
  return samples.flatMap((s) => {
    const { name, uscc } = s.application.applicant;
    return s.channel === "online" && typeof uscc === "string" ? [{ name: String(name ?? uscc), uscc }] : [];
  });
}
