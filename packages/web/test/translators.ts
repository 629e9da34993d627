import i18next, { type InitOptions } from "i18next";
import type { Translate } from "../src/errors.ts";
import { en } from "../src/locales/en.ts";
import { zh } from "../src/locales/zh.ts";

/** i18next's `t` for zh and for en over the pages' own resources (`options` adds to the pages' settings). */
export async function translators(options: InitOptions = {}): Promise<{ tZh: Translate; tEn: Translate }> {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: "zh",
    ...options,
    interpolation: { escapeValue: false },
  });
  return { tZh: i18n.getFixedT("zh"), tEn: i18n.getFixedT("en") };
}
