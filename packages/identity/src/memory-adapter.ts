/**
 * oidc-provider's storage for the local provider: sessions, interactions, codes, tokens and grants in this
 * process's memory, each until its expiry (a restart signs everyone out, which is what a local run wants). The
 * library's own quick-start adapter does the same but warns on every start that it is not for production.
 */
type Payload = Record<string, unknown> & {
  uid?: string;
  grantId?: string;
  userCode?: string;
  consumed?: number;
};

interface Entry {
  readonly payload: Payload;
  readonly expiresAt: number;
}

const entries = new Map<string, Entry>();
/** Grant id → the keys of what was issued under it (revoked together). */
const byGrant = new Map<string, Set<string>>();
/** Session uid → session id; user code → id. */
const lookups = new Map<string, string>();

const now = () => Date.now();
const live = (key: string): Payload | undefined => {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= now()) {
    entries.delete(key);
    return undefined;
  }
  return entry.payload;
};

let writes = 0;
/** Every 500 writes, what has expired goes (a long local run would otherwise keep every token it ever issued). */
function prune(): void {
  if (++writes % 500 !== 0) return;
  const t = now();
  for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  for (const [grant, members] of byGrant) {
    for (const key of members) if (!entries.has(key)) members.delete(key);
    if (members.size === 0) byGrant.delete(grant);
  }
  const ids = new Set([...entries.keys()].map((key) => key.slice(key.indexOf(":") + 1)));
  for (const [lookup, id] of lookups) if (!ids.has(id)) lookups.delete(lookup);
}

/** One model's store (oidc-provider makes one per model: `Session`, `AccessToken`, `Grant` …). */
export class MemoryAdapter {
  private readonly model: string;

  constructor(model: string) {
    this.model = model;
  }

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Payload, expiresIn: number): Promise<void> {
    prune();
    const key = this.key(id);
    entries.set(key, { payload, expiresAt: now() + expiresIn * 1000 });
    if (this.model === "Session" && payload.uid) lookups.set(`uid:${payload.uid}`, id);
    if (payload.userCode) lookups.set(`userCode:${payload.userCode}`, id);
    if (payload.grantId) {
      const members = byGrant.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      byGrant.set(payload.grantId, members);
    }
  }

  async find(id: string): Promise<Payload | undefined> {
    return live(this.key(id));
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const id = lookups.get(`uid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    const id = lookups.get(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id: string): Promise<void> {
    const payload = live(this.key(id));
    if (payload) payload.consumed = Math.floor(now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    entries.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
    byGrant.delete(grantId);
  }
}
