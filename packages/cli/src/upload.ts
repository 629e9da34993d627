import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { sniffContentType } from "@onething/documents";
import type { ApiClient } from "./api.ts";
import type { Context } from "./context.ts";
import { CliError } from "./errors.ts";

const BY_EXTENSION: Record<string, string> = {
  ".pdf": "application/pdf",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
};

/** `<name>=<path>` of `--file` / `--output-file`. */
export function parseFileAssignment(text: string, option: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0 || at === text.length - 1) throw new CliError(`--${option} takes <name>=<path>, not '${text}'`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/**
 * Uploads a file as the pages do: a presigned PUT from `ticketPath` for its type (read from its first bytes, else
 * its extension) and size, the PUT, then the platform's check. Returns the reference to answer with.
 */
export async function uploadFile(
  ctx: Context,
  api: ApiClient,
  token: string,
  ticketPath: string,
  declaration: Record<string, unknown>,
  path: string,
): Promise<{ documentId: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const contentType = sniffContentType(bytes) ?? BY_EXTENSION[extname(path).toLowerCase()] ?? "";
  const ticket = (await api.request("POST", ticketPath, {
    token,
    body: { ...declaration, contentType, size: bytes.length, fileName: basename(path) },
  })) as { documentId: string; upload: { url: string; headers: Record<string, string> } };
  const put = await ctx.fetch(ticket.upload.url, {
    method: "PUT",
    headers: ticket.upload.headers,
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  await put.arrayBuffer();
  if (!put.ok) throw new CliError(`the storage refused the upload of ${path} (HTTP ${put.status})`);
  await api.request("POST", `/v1/documents/${encodeURIComponent(ticket.documentId)}/check`, { token });
  return { documentId: ticket.documentId };
}
