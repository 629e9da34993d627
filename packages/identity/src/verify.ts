import { API_AUDIENCE, UnauthenticatedError } from "@onething/auth";
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from "jose";

export type Verify = (token: string) => Promise<Record<string, unknown>>;

/**
 * Verifies the provider's access tokens as API Gateway's JWT authorizer does with a JWKS: signature by a key of the
 * set, the issuer, the API's audience, an `exp` in the future, and the access-token type (`at+jwt`, so an ID token is
 * no bearer token even where its audience would match).
 */
export function jwksVerifier(jwks: JSONWebKeySet, issuer: string, audience = API_AUDIENCE): Verify {
  const keys = createLocalJWKSet(jwks);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        typ: "at+jwt",
        requiredClaims: ["exp"],
      });
      return payload;
    } catch (e) {
      throw new UnauthenticatedError(`bearer token rejected: ${(e as Error).message}`);
    }
  };
}

/**
 * One verifier per issuer, picked by the token's (unverified) `iss`: locally the dev issuer (the CLI's and the
 * tests' tokens) and the local OpenID provider (the pages'). The picked verifier checks everything, `iss` included.
 */
export function verifierByIssuer(verifiers: Readonly<Record<string, Verify>>): Verify {
  return async (token) => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new UnauthenticatedError("bearer token rejected: not a JWT");
    }
    const verify = typeof iss === "string" ? verifiers[iss] : undefined;
    if (!verify) throw new UnauthenticatedError("bearer token rejected: unknown issuer");
    return verify(token);
  };
}
