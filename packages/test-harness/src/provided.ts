/** What the integration global setup hands every test file (through vitest `provide` / `inject`). */
export interface LocalServiceEndpoints {
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    localServices: LocalServiceEndpoints;
  }
}
