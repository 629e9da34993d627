import { isIP } from "node:net";
import type { FieldIssue } from "@onething/domain";

/**
 * Where a department office's webhook may point (issue 17): `https://` only, no credentials in the URL, at most
 * 2,048 characters, and never a loopback, private, link-local or other non-public address, nor a name that only
 * resolves inside a network (`localhost`, `*.local`, `*.internal`). The local runtime and the tests allow
 * `http://127.0.0.1`, `http://[::1]` and `http://localhost` (`allowLoopback`), and nothing else private. The
 * delivery checks each resolved address again (`isPublicAddress`), so a public name that resolves to a private
 * address later (DNS rebinding) is refused at the connection.
 */
export interface WebhookUrlPolicy {
  /** The local runtime and tests: plain-http loopback receivers. Never on AWS. */
  readonly allowLoopback: boolean;
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa"];

function ipv4Private(address: string): boolean {
  const [a = 0, b = 0] = address.split(".").map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    reservedIpv4(address) ||
    a >= 224
  );
}

/** IETF protocol assignments, 6to4 relays and the documentation ranges: /24s that are nobody's receiver. */
const RESERVED_IPV4_24 = new Set(["192.0.0", "192.0.2", "192.88.99", "198.51.100", "203.0.113"]);
function reservedIpv4(address: string): boolean {
  return RESERVED_IPV4_24.has(address.split(".").slice(0, 3).join("."));
}

/**
 * The IPv4 address an IPv6 one carries in its last 32 bits, where it routes to it: IPv4-mapped (`::ffff:…`, dotted
 * or in hex as `URL` writes it), IPv4-compatible (`::…`) and NAT64 (`64:ff9b::…`).
 */
function embeddedIpv4(lower: string): string | undefined {
  const match = lower.match(
    /^(?:::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/,
  );
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2] ?? "0", 16);
  const low = Number.parseInt(match[3] ?? "0", 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Whether an IP address is on the public internet (not loopback, private, link-local, CGNAT, multicast …). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !ipv4Private(address);
  if (family !== 6) return false;
  const lower = address.toLowerCase();
  const embedded = embeddedIpv4(lower);
  if (embedded) return !ipv4Private(embedded);
  if (lower === "::" || lower === "::1") return false;
  // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast; 2002::/16 (6to4) and
  // 2001::/32 (Teredo) carry an IPv4 address that may be private; 64:ff9b:1::/48 local NAT64; 2001:db8::/32
  // documentation; 100::/64 discard.
  return !/^(f[cd]|fe[89a-f]|ff|2002:|2001:(0:|:)|64:ff9b:1:|2001:db8:|100::|100:0:0:0:)/.test(lower);
}

/** Whether the host (as `URL.hostname` gives it) is a loopback receiver the local allowance covers. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_NAMES.has(hostname.toLowerCase());

/** The problems of a webhook URL (empty: it may be registered). */
export function webhookUrlIssues(raw: string, policy: WebhookUrlPolicy): FieldIssue[] {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH)
    return [
      {
        path: "url",
        code: "webhook_url_too_long",
        message: `url: at most ${MAX_WEBHOOK_URL_LENGTH} characters`,
      },
    ];
  if (!URL.canParse(raw))
    return [{ path: "url", code: "webhook_url_invalid", message: "url: not an absolute URL" }];
  const url = new URL(raw);
  const host = url.hostname.toLowerCase();
  if (url.username !== "" || url.password !== "")
    return [
      { path: "url", code: "webhook_url_credentials", message: "url: credentials do not belong in the URL" },
    ];
  const loopbackAllowed = policy.allowLoopback && isLoopbackHost(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopbackAllowed))
    return [
      {
        path: "url",
        code: "webhook_url_not_https",
        message: "url: only https:// endpoints can be registered",
      },
    ];
  if (loopbackAllowed) return [];
  const literal = host.startsWith("[") ? host.slice(1, -1) : host;
  const internalName =
    isIP(literal) === 0 && (!host.includes(".") || INTERNAL_SUFFIXES.some((s) => host.endsWith(s)));
  if (LOOPBACK_NAMES.has(host) || internalName || (isIP(literal) !== 0 && !isPublicAddress(literal)))
    return [
      {
        path: "url",
        code: "webhook_url_private",
        message: "url: the endpoint must be on the public internet",
      },
    ];
  return [];
}
