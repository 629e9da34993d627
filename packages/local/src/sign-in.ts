import type { IncomingMessage, ServerResponse } from "node:http";
import { DEV_ISSUER, type DevIssuer } from "@onething/auth";
import type { Catalogue } from "@onething/domain";
import {
  citizenAccount,
  createIdentityService,
  type IdentityService,
  type LocalAccount,
  operatorAccount,
  organisationAccount,
  verifierByIssuer,
} from "@onething/identity";
import { samples } from "@onething/seeds/samples";
import { localDepartmentClients } from "./department-clients.ts";
import { InvalidOptionError } from "./errors.ts";

/** Seconds a local access token lives (the pages refresh it before): `ONETHING_ACCESS_TOKEN_TTL_SECONDS`, else 600. */
export const ACCESS_TOKEN_TTL_ENV = "ONETHING_ACCESS_TOKEN_TTL_SECONDS";

/**
 * What the pages fetch at `/runtime-config.json` before they sign anyone in: the identity provider (issuer, client
 * id, scope, which token is the API's bearer) and whether the local dev sign-in is offered. On AWS the stack writes
 * the same file next to the pages.
 */
export interface WebRuntimeConfig {
  readonly oidc?: {
    issuer: string;
    clientId: string;
    scope: string;
    apiToken: "access_token" | "id_token";
    /** `login`: the login page every time (locally: choose whom to sign in as, whatever the provider remembers). */
    prompt?: "login";
  };
  readonly devSignIn: boolean;
}

/** The accounts the local login page lists: the samples' residents and organisations, operators per office. */
export function localAccounts(catalogue: Catalogue): LocalAccount[] {
  const people = new Map<string, { name: string; idNumber: string }>();
  const organisations = new Map<string, { name: string; uscc: string }>();
  // The web's sample lists (`samples.ts`): online applicants with an ID number, online organisations.
  for (const s of samples) {
    if (s.channel !== "online") continue;
    const { name, idNumber, uscc } = s.application.applicant;
    if (typeof idNumber === "string" && !people.has(idNumber))
      people.set(idNumber, { name: String(name ?? idNumber), idNumber });
    if (typeof uscc === "string") organisations.set(uscc, { name: String(name ?? uscc), uscc });
  }
  const firstPerson = [...people.values()][0];
  const places = catalogue.places;
  const city = places.find(places.defaultPlace);
  const offices = city ? [city, ...places.children(city.code)] : [];
  return [
    ...[...people.values()].map(citizenAccount),
    ...(firstPerson ? [...organisations.values()].map((o) => organisationAccount(o, firstPerson)) : []),
    operatorAccount(undefined, false),
    operatorAccount(undefined, true),
    ...offices.map((o) => operatorAccount({ code: o.code, name: o.name }, false)),
  ];
}

export interface LocalSignIn {
  /** The gateway's JWT authorizer: the dev issuer's tokens and the provider's (until it runs: the dev issuer's). */
  verify(token: string): Promise<Record<string, unknown>>;
  /** Requests for the provider (`/oidc/…`); false for the rest. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  runtimeConfig(): WebRuntimeConfig;
  /** Starts the provider at `<origin>/oidc` once the gateway's port is known; the pages may come from `pageOrigins`. */
  start(origin: string, pageOrigins: readonly string[]): Promise<{ issuer: string }>;
}

/** Read when the sign-in is built, so a bad value stops `npm start` before anything listens. */
export function accessTokenTtl(raw: string | undefined): number {
  const ttl = Number(raw ?? 600);
  if (!Number.isInteger(ttl) || ttl < 10)
    throw new InvalidOptionError([ACCESS_TOKEN_TTL_ENV], "must be a whole number of seconds, at least 10");
  return ttl;
}

/**
 * The local sign-in: the OpenID provider mounted in the gateway at `/oidc`, beside the dev issuer. With a data
 * directory, the provider also has a client-credentials client per sample department office (secrets in
 * `dev-clients.json` there: `department-clients.ts`).
 */
export function createLocalSignIn(catalogue: Catalogue, devIssuer: DevIssuer, dataDir?: string): LocalSignIn {
  let service: IdentityService | undefined;
  let verify = verifierByIssuer({ [DEV_ISSUER]: (t) => devIssuer.verify(t) });
  const ttl = accessTokenTtl(process.env[ACCESS_TOKEN_TTL_ENV]);
  return {
    verify: (token) => verify(token),
    handle(req, res) {
      if (service) return service.handle(req, res);
      if (!req.url?.startsWith("/oidc")) return false;
      res.writeHead(503, { "content-type": "application/json" }).end('{"error":"service_unavailable"}');
      return true;
    },
    runtimeConfig: () => ({
      devSignIn: true,
      ...(service
        ? {
            oidc: {
              issuer: service.issuer,
              clientId: service.clientId,
              scope: service.scope,
              apiToken: "access_token" as const,
              prompt: "login" as const,
            },
          }
        : {}),
    }),
    async start(origin, pageOrigins) {
      const started = await createIdentityService({
        origin,
        pageOrigins,
        accounts: localAccounts(catalogue),
        accessTokenTtlSeconds: ttl,
        ...(dataDir ? { departmentClients: localDepartmentClients(catalogue, dataDir) } : {}),
      });
      service = started;
      verify = verifierByIssuer({
        [DEV_ISSUER]: (t) => devIssuer.verify(t),
        [started.issuer]: started.verify,
      });
      return { issuer: started.issuer };
    },
  };
}
