// The part of oidc-provider's API this package uses (the package ships no types, and `@types/oidc-provider` is not
// installed: see /work/spec-16-deviations.md). Shapes follow oidc-provider 9's documentation.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface ClaimsResult {
    readonly sub: string;
    readonly [claim: string]: unknown;
  }
  export interface Account {
    readonly accountId: string;
    claims(use: string, scope: string): Promise<ClaimsResult> | ClaimsResult;
  }
  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }
  export interface OidcContext {
    readonly oidc: {
      readonly client?: { readonly clientId: string; grantTypeAllowed(type: string): boolean };
      readonly session?: { readonly accountId?: string; grantIdFor(clientId: string): string | undefined };
      readonly result?: { readonly consent?: { readonly grantId?: string } };
      readonly params?: Record<string, unknown>;
      readonly provider: Provider;
    };
    readonly host: string;
    body: unknown;
    type: string;
  }
  export interface TokenLike {
    readonly accountId?: string;
    readonly clientId?: string;
    readonly kind: string;
  }
  export interface InteractionDetails {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
    readonly params: Record<string, unknown>;
  }
  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: {
      new (init: { clientId: string; accountId: string }): GrantInstance;
      find(id: string): Promise<GrantInstance | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export const errors: Record<string, new (...args: unknown[]) => Error>;
}
