import { PLACE_CODE_PATTERN } from "@onething/domain";
import { z } from "zod";

/**
 * Department systems that sign in with OAuth 2.0 client credentials at an identity provider that cannot put the
 * platform's claims into their tokens (Cognito's machine-to-machine app clients; an external issuer's service
 * accounts): the token names only its client (`client_id`), and this map, configured per stage, says which
 * department office each client is. The platform's own issuers (the local provider, the dev issuer) put `role`,
 * `department` and `office` into the token and need no map.
 */
export interface DepartmentClient {
  readonly department: string;
  /** The office's jurisdiction code; absent: the department everywhere. */
  readonly office?: string | undefined;
}
/** Client id → the department office it signs in as. */
export type DepartmentClients = Readonly<Record<string, DepartmentClient>>;

export const DepartmentClientSchema = z.strictObject({
  department: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
  office: z.string().regex(PLACE_CODE_PATTERN).optional(),
});
const ClientIdSchema = z.string().min(1).max(128);
/**
 * The map as JSON: client id → office, or a list of `{ clientId, department, office? }` (what the CDK app writes:
 * Cognito's client ids are known only at deployment, and a list keeps them out of object keys).
 */
export const DepartmentClientsSchema = z.union([
  z.record(ClientIdSchema, DepartmentClientSchema),
  z
    .array(DepartmentClientSchema.extend({ clientId: ClientIdSchema }))
    .transform((list) => Object.fromEntries(list.map(({ clientId, ...client }) => [clientId, client]))),
]);

/** The API function's environment variable holding the stage's client map (JSON); absent: no such clients. */
export const DEPARTMENT_CLIENTS_ENV = "DEPARTMENT_CLIENTS";

/** A client map that is not JSON or not a client map: the cold start stops on it. */
export class DepartmentClientsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DepartmentClientsConfigError";
  }
}

/** The client map from its JSON text; throws `DepartmentClientsConfigError` naming what is wrong. */
export function parseDepartmentClients(json: string): DepartmentClients {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new DepartmentClientsConfigError(
      `the department clients are not JSON: ${(error as Error).message}`,
    );
  }
  const parsed = DepartmentClientsSchema.safeParse(raw);
  if (!parsed.success)
    throw new DepartmentClientsConfigError(
      `the department clients are malformed: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/**
 * The platform claims of a client-credentials token whose `client_id` the map names: a department principal of
 * that office, its subject the client. Undefined for any other token (a person's token names the pages' client,
 * which no map lists), so such tokens are read as before.
 * @example departmentClientClaims({ sub: "7h2…", client_id: "7h2…", scope: "onething-api/department" }, { "7h2…": { department: "health", office: "330212" } })
 * // { sub: "client-7h2…", role: "department", department: "health", office: "330212" }
 */
export function departmentClientClaims(
  claims: Readonly<Record<string, unknown>>,
  clients: DepartmentClients,
): Record<string, unknown> | undefined {
  const clientId = claims.client_id;
  if (typeof clientId !== "string" || !Object.hasOwn(clients, clientId)) return undefined;
  const client = clients[clientId] as DepartmentClient;
  return {
    sub: `client-${clientId}`,
    role: "department",
    department: client.department,
    ...(client.office ? { office: client.office } : {}),
  };
}
