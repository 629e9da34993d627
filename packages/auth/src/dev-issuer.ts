import { jwtVerify, SignJWT } from "jose";
import { UnauthenticatedError } from "./errors.ts";
import type { Claims } from "./identity.ts";

/**
 * The local stand-in for an OIDC identity provider (e.g. Cognito): HS256 tokens signed with a configured secret.
 * Never used on AWS.
 */
export interface DevIssuer {
  sign(claims: Claims, ttlSeconds?: number): Promise<string>;
  /**
   * Verifies a bearer token and returns its claims, as API Gateway's JWT authorizer would: signature, issuer,
   * audience, and an `exp` in the future (the authorizer refuses a token without one).
   */
  verify(token: string): Promise<Record<string, unknown>>;
}

export const DEV_ISSUER = "https://dev.onething.local";
export const API_AUDIENCE = "onething-api";

export function createDevIssuer(secret: string): DevIssuer {
  if (secret.length < 32) throw new Error("the dev issuer secret must be at least 32 characters");
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims, ttlSeconds = 12 * 3600) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(DEV_ISSUER)
        .setAudience(API_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: DEV_ISSUER,
          audience: API_AUDIENCE,
          algorithms: ["HS256"],
          requiredClaims: ["exp"],
        });
        return payload;
      } catch (e) {
        throw new UnauthenticatedError(`bearer token rejected: ${(e as Error).message}`);
      }
    },
  };
}
