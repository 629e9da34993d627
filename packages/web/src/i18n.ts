import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./locales/en.ts";
import { zh } from "./locales/zh.ts";
import type { LocalizedText } from "./types.ts";

export type Language = "zh" | "en";
const KEY = "onething.lang";

/** The chosen language is remembered across visits (localStorage); Chinese is the default. */
export function storedLanguage(): Language {
  return localStorage.getItem(KEY) === "en" ? "en" : "zh";
}

export function rememberLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: "zh",
  interpolation: { escapeValue: false },
});
document.documentElement.lang = storedLanguage() === "zh" ? "zh-CN" : "en";

/** A catalogue text (bundle, item, field label) in the current language. */
export function localized(text: LocalizedText | undefined, lang: string): string {
  if (!text) return "";
  return lang.startsWith("en") ? text.en : text.zh;
}

export default i18n;
