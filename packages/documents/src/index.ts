export { type ContentProblem, contentProblem, sniffContentType } from "./content.ts";
export { type LocalDocumentsOptions, localDocuments } from "./local.ts";
export {
  createDocumentsS3Client,
  createS3DocumentStore,
  DeclarationSchema,
  type DocumentDeclaration,
  type DocumentRecord,
  type DocumentStore,
  type DownloadLink,
  newDocumentId,
  type S3DocumentStoreOptions,
  type UploadTicket,
} from "./store.ts";
