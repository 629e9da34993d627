import type { documentsZh } from "./documents-zh.ts";

/** Documents and certificates, in English: the keys of `documents-zh.ts`. */
export const documentsEn: typeof documentsZh = {
  choose: "Choose a file ({{types}}, at most 10 MB)",
  uploading: "Uploading and checking…",
  uploaded: "Uploaded: {{name}}",
  download: "Download {{label}}",
  downloading: "Preparing the download…",
  file: "File",
  certificate: "{{number}} ({{issuer}})",
  verify: "Verify",
  uploadFailed: "The file could not be uploaded; try again.",
};
