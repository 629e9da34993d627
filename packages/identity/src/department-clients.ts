import { type Claims, claimsFor } from "@onething/auth";
import type { Text } from "./accounts.ts";

/**
 * A department system's client at the local provider: OAuth 2.0 client credentials (a confidential client with a
 * secret, grant type `client_credentials` only) whose access tokens carry the claims of one department office,
 * `{ role: "department", department, office }`, which `principalFromClaims` reads as that office.
 */
export interface DepartmentClientAccount {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly department: string;
  /** The office's jurisdiction code; absent: the department everywhere. */
  readonly office?: string | undefined;
  readonly label: Text;
}

/** The claims a department client's access tokens carry, without `sub` (the provider makes it the client id). */
export function departmentClientClaims(client: DepartmentClientAccount): Omit<Claims, "sub"> {
  const { sub: _sub, ...claims } = claimsFor(
    { role: "department", department: client.department, office: client.office },
    client.clientId,
  );
  return claims as Omit<Claims, "sub">;
}

/** oidc-provider's client metadata of a department client. */
export function departmentClientMetadata(client: DepartmentClientAccount): Record<string, unknown> {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    client_name: client.label.en,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "client_secret_basic",
  };
}

/** The client id of a department office's system: `dept-<department>-<office>` (no office: `dept-<department>`). */
export const departmentClientId = (department: string, office?: string) =>
  `dept-${department}${office ? `-${office}` : ""}`;
