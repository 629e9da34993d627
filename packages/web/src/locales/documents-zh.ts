/** 材料与证照: uploads on the supplement form, downloads on the case page. `documents-en.ts` has the same keys. */
export const documentsZh = {
  choose: "选择文件（{{types}}，不超过 10 MB）",
  uploading: "正在上传并检查…",
  uploaded: "已上传：{{name}}",
  download: "下载 {{label}}",
  downloading: "正在准备下载…",
  file: "文件",
  certificate: "{{number}}（{{issuer}}）",
  verify: "核验",
  uploadFailed: "文件未能上传，请重试。",
};
