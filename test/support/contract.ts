import { buildOpenApiDocument, createMatcher, ROUTE_LIST } from "@onething/contracts";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Checks an HTTP answer against the OpenAPI document the API serves: the status must be one the operation declares,
 * and the body must validate against that response's schema (JSON Schema 2020-12, by Ajv, from the document itself,
 * not from the zod schemas it was generated from). A path no route matches must be a JSON error body.
 */
const document = buildOpenApiDocument() as {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
};
interface ResponseObject {
  content?: { "application/json"?: { schema?: object } };
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, "openapi.json");
const match = createMatcher(ROUTE_LIST);
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function validatorFor(schema: object): ReturnType<typeof ajv.compile> {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    // `$ref`s point into the document's components: resolve them against the document added above.
    validate = ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"openapi.json#/components/')));
    validators.set(key, validate);
  }
  return validate;
}

/** What is wrong with an answer, or undefined when the document describes it. */
export function contractProblem(
  method: string,
  path: string,
  status: number,
  body: unknown,
): string | undefined {
  const found = match(method.toUpperCase(), path.split("?")[0] ?? path);
  const where = `${method} ${path} → ${status}`;
  const operation =
    found.kind === "route" ? document.paths[found.route.path]?.[found.route.method.toLowerCase()] : undefined;
  const schema =
    found.kind === "route"
      ? operation?.responses[String(status)]?.content?.["application/json"]?.schema
      : { $ref: "#/components/schemas/Error" };
  if (found.kind === "route" && !operation?.responses[String(status)])
    return `${where}: the document declares no ${status} for ${found.route.id} (${JSON.stringify(body).slice(0, 300)})`;
  if (!schema) return undefined;
  const validate = validatorFor(schema);
  if (validate(body)) return undefined;
  return `${where}: the body does not match the document: ${ajv.errorsText(validate.errors)} (${JSON.stringify(body).slice(0, 300)})`;
}

/**
 * The API handler, every answer of which is checked against the document: an answer the document does not describe
 * fails the test that received it, naming the route, the status and what differs.
 */
export function contractChecked<
  E extends { rawPath: string; requestContext: { http: { method: string } } },
  R,
>(
  handler: (event: E) => Promise<R & { statusCode?: number; body?: string }>,
): (event: E) => Promise<R & { statusCode?: number; body?: string }> {
  return async (event) => {
    const result = await handler(event);
    const body = result.body === undefined || result.body === "" ? undefined : JSON.parse(result.body);
    const problem = contractProblem(
      event.requestContext.http.method,
      event.rawPath,
      result.statusCode ?? 200,
      body,
    );
    if (problem) throw new ContractViolationError(problem);
    return result;
  };
}

export class ContractViolationError extends Error {
  override name = "ContractViolationError";
}
