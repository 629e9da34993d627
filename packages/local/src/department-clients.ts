import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalogue } from "@onething/domain";
import { type DepartmentClientAccount, departmentClientId } from "@onething/identity";
import { z } from "zod";
import { DataDirError } from "./errors.ts";

/**
 * The department systems' client secrets at the local OpenID provider (`dev-clients.json`, mode 0600, in the data
 * directory beside `dev-secrets.json`): generated on the first start, kept, never in the repository. `npm start`
 * prints where they are; `jq -r '.clients["dept-health-330212"]' .data/dev-clients.json` reads one.
 */
export const DEV_CLIENTS_FILE = "dev-clients.json";

const DevClientsSchema = z.object({
  createdAt: z.string(),
  clients: z.record(z.string(), z.string().min(32)),
});

/** The department offices that get a client locally: each department everywhere, at the city, at its districts. */
export function sampleDepartmentOffices(
  catalogue: Catalogue,
): { department: string; office?: { code: string; name: { zh: string; en: string } } }[] {
  const places = catalogue.places;
  const city = places.find(places.defaultPlace) ?? places.find("330200");
  const districts = city ? places.children(city.code).filter((n) => n.level === "district") : [];
  return [...catalogue.departments.entries()].flatMap(([id, department]) => {
    const levels = new Set<string>(department.offices ?? []);
    return [
      { department: id },
      ...(city && levels.has("city") ? [{ department: id, office: city }] : []),
      ...(levels.has("district") ? districts.map((d) => ({ department: id, office: d })) : []),
    ];
  });
}

function readClients(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new DataDirError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof DevClientsSchema>>;
  try {
    parsed = DevClientsSchema.safeParse(JSON.parse(text));
  } catch {
    throw new DataDirError(`${file} is not valid JSON; delete it to generate new client secrets`);
  }
  if (!parsed.success)
    throw new DataDirError(`${file} is not the department clients' file; delete it to generate new ones`);
  return parsed.data.clients;
}

/**
 * The local provider's department clients, one per sample office, with their secrets from the data directory
 * (new offices get a new secret, written back; existing secrets stay).
 */
export function localDepartmentClients(
  catalogue: Catalogue,
  dataDir: string,
  now = new Date(),
): DepartmentClientAccount[] {
  const file = join(dataDir, DEV_CLIENTS_FILE);
  const secrets = readClients(file);
  let added = false;
  const clients = sampleDepartmentOffices(catalogue).map(({ department, office }) => {
    const clientId = departmentClientId(department, office?.code);
    if (secrets[clientId] === undefined) {
      secrets[clientId] = randomBytes(24).toString("base64url");
      added = true;
    }
    const name = catalogue.departments.get(department)?.name ?? { zh: department, en: department };
    return {
      clientId,
      clientSecret: secrets[clientId] as string,
      department,
      ...(office ? { office: office.code } : {}),
      label: {
        zh: `${name.zh}${office ? ` · ${office.name.zh}` : ""}`,
        en: `${name.en}${office ? ` · ${office.name.en}` : ""}`,
      },
    };
  });
  if (added) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      `${JSON.stringify({ createdAt: now.toISOString(), clients: secrets }, null, 2)}\n`,
      {
        mode: 0o600,
      },
    );
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  }
  return clients;
}
