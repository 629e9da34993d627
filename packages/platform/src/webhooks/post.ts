import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isLoopbackHost, isPublicAddress } from "@onething/cases";

/** What one POST to a webhook came to. */
export type PostOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly reason: string; readonly status?: number };

/** Port: POSTs `body` to `url` with `headers`, never throwing. */
export type WebhookPoster = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<PostOutcome>;

export interface PosterOptions {
  /** Gives up on a request (connect to last byte) after this long: `timeout`. Default 10 s. */
  readonly timeoutMs?: number;
  /** The local runtime and tests: loopback receivers allowed. Otherwise every resolved address must be public. */
  readonly allowLoopback?: boolean;
}

class NonPublicAddressError extends Error {
  readonly code = "ADDRESS_NOT_PUBLIC";
}

const isLoopbackAddress = (address: string) => address.startsWith("127.") || address === "::1";

/** Resolves as usual, then refuses any address that is not public (so a name cannot be pointed inside later). */
function publicOnlyLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const allowed = addresses.filter(
        (a) => isPublicAddress(a.address) || (allowLoopback && isLoopbackAddress(a.address)),
      );
      const first = allowed[0];
      if (!first)
        return callback(new NonPublicAddressError(`${hostname} resolves to no public address`), "", 0);
      if (options.all) return callback(null, allowed);
      callback(null, first.address, first.family);
    });
  };
}

const REASON_BY_CODE: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection_refused",
  ECONNRESET: "connection_reset",
  ENOTFOUND: "host_not_found",
  EAI_AGAIN: "host_not_found",
  ADDRESS_NOT_PUBLIC: "address_not_public",
  CERT_HAS_EXPIRED: "tls_error",
  DEPTH_ZERO_SELF_SIGNED_CERT: "tls_error",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "tls_error",
  ERR_TLS_CERT_ALTNAME_INVALID: "tls_error",
};

/**
 * The real poster over `node:http(s)`: a 2xx is delivered; anything else is a failure with its reason
 * (`status_<code>`, `timeout`, `connection_refused`, `host_not_found`, `address_not_public`, `tls_error`,
 * `network_error`). The response body is read (at most 64 KB) and dropped; redirects are not followed.
 */
export function createWebhookPoster(options: PosterOptions = {}): WebhookPoster {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lookup = publicOnlyLookup(options.allowLoopback ?? false);
  return (url, body, headers) =>
    new Promise<PostOutcome>((resolve) => {
      const target = new URL(url);
      const literal = target.hostname.replace(/^\[|\]$/g, "");
      if (
        isIP(literal) !== 0 &&
        !isPublicAddress(literal) &&
        !(options.allowLoopback && isLoopbackHost(target.hostname))
      ) {
        resolve({ ok: false, reason: "address_not_public" });
        return;
      }
      const client = target.protocol === "https:" ? https : http;
      let settled = false;
      const settle = (outcome: PostOutcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const request = client.request(
        target,
        {
          method: "POST",
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
          lookup,
          timeout: timeoutMs,
        },
        (response) => {
          let read = 0;
          response.on("data", (chunk: Buffer) => {
            read += chunk.length;
            if (read > 65_536) response.destroy();
          });
          const status = response.statusCode ?? 0;
          const done = () =>
            settle(
              status >= 200 && status < 300
                ? { ok: true, status }
                : { ok: false, reason: `status_${status}`, status },
            );
          response.on("end", done);
          response.on("close", done);
          response.on("error", done);
        },
      );
      const timer = setTimeout(() => {
        settle({ ok: false, reason: "timeout" });
        request.destroy();
      }, timeoutMs);
      request.on("timeout", () => {
        settle({ ok: false, reason: "timeout" });
        request.destroy();
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        settle({ ok: false, reason: REASON_BY_CODE[error.code ?? ""] ?? "network_error" });
      });
      request.on("close", () => clearTimeout(timer));
      request.end(body);
    });
}
