import type { LocalAccount, Text } from "./accounts.ts";

/** The provider's page languages: Chinese first, as on the platform's pages. */
export type Lang = "zh" | "en";

/** `ui_locales` (the pages pass theirs) or `?lang=`, else Chinese. */
export function langOf(...given: unknown[]): Lang {
  for (const value of given) {
    if (typeof value !== "string") continue;
    const first = value.trim().toLowerCase().split(/\s+/)[0] ?? "";
    if (first.startsWith("en")) return "en";
    if (first.startsWith("zh")) return "zh";
  }
  return "zh";
}

const WORDS = {
  loginTitle: { zh: "统一身份认证（本地）", en: "Unified sign-in (local)" },
  loginIntro: {
    zh: "本地 OpenID 提供方：选择以哪个示例身份登录。部署后，这里是省统一身份认证或 Cognito 的登录页。",
    en: "The local OpenID provider: choose the sample identity to sign in as. Deployed, this is the province's real-name sign-in or Cognito's.",
  },
  citizen: { zh: "群众", en: "Residents" },
  organisation: { zh: "机构（法人账户）", en: "Organisations" },
  operator: { zh: "运营人员", en: "Operators" },
  logoutTitle: { zh: "退出登录", en: "Sign out" },
  logoutIntro: {
    zh: "要退出统一身份认证吗？退出后需重新登录。",
    en: "Sign out of the unified sign-in? You will need to sign in again.",
  },
  logoutYes: { zh: "退出登录", en: "Sign out" },
  logoutNo: { zh: "保持登录", en: "Stay signed in" },
  loggedOutTitle: { zh: "已退出登录", en: "Signed out" },
  loggedOutIntro: { zh: "你已退出统一身份认证。", en: "You have signed out of the unified sign-in." },
  errorTitle: { zh: "登录出错", en: "Sign-in failed" },
  errorIntro: {
    zh: "身份认证未能完成，请返回办事页面重新登录。",
    en: "The sign-in could not finish; go back to the pages and sign in again.",
  },
  language: { zh: "语言", en: "Language" },
} satisfies Record<string, Text>;

/** Text safe inside HTML content and attribute values. */
export function html(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,"WenQuanYi Micro Hei",sans-serif;margin:0;color:#1a1a1a;background:#f4f6f8;line-height:1.5}
main{max-width:56rem;margin:0 auto;padding:1.5rem}h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:0 0 .5rem}
fieldset{border:1px solid #8a9099;border-radius:6px;margin:0 0 1rem;padding:.75rem 1rem;background:#fff}legend{font-weight:600;padding:0 .25rem}
.accounts{display:flex;flex-wrap:wrap;gap:.5rem}button{font:inherit;padding:.45rem .8rem;border-radius:4px;border:1px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b4f8a}button:focus-visible,a:focus-visible{outline:3px solid #c25400;outline-offset:2px}
.account{display:inline-flex;flex-direction:column;align-items:flex-start}.detail{font-size:.8rem;color:#4a4f57}nav{text-align:right;padding:.5rem 1.5rem;background:#fff;border-bottom:1px solid #d0d4da}a{color:#0b4f8a}`;

/** One page of the provider: `lang`, a title, a language switch and `main`. */
function page(lang: Lang, title: string, body: string, switchHref?: (lang: Lang) => string): string {
  const other: Lang = lang === "zh" ? "en" : "zh";
  const nav = switchHref
    ? `<nav aria-label="${WORDS.language[lang]}"><a href="${html(switchHref(other))}" lang="${other}" hreflang="${other}">${other === "zh" ? "中文" : "English"}</a></nav>`
    : "";
  return `<!DOCTYPE html><html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html(title)}</title><style>${STYLE}</style></head><body>${nav}<main><h1>${html(title)}</h1>${body}</main></body></html>`;
}

/**
 * The login page of an interaction: every account as one button of its group (a resident, an organisation, an
 * operator), so signing in is one click; the button's name is the account's name, its detail the description.
 */
export function loginPage(
  lang: Lang,
  action: string,
  accounts: readonly LocalAccount[],
  switchHref: (lang: Lang) => string,
) {
  const groups = (["citizen", "organisation", "operator"] as const).map((group) => {
    const buttons = accounts
      .filter((a) => a.group === group)
      .map((a, i) => {
        const id = `${group}-${i}-detail`;
        const detail = a.detail ? `<span class="detail" id="${id}">${html(a.detail[lang])}</span>` : "";
        const describedBy = a.detail ? ` aria-describedby="${id}"` : "";
        // Named by its visible text, the account's name; the detail beside it (the masked ID, who acts) describes it.
        return `<span class="account"><button type="submit" name="account" value="${html(a.id)}"${describedBy}>${html(a.label[lang])}</button>${detail}</span>`;
      })
      .join("");
    return buttons
      ? `<fieldset><legend>${WORDS[group][lang]}</legend><div class="accounts">${buttons}</div></fieldset>`
      : "";
  });
  const body = `<p>${WORDS.loginIntro[lang]}</p><form method="post" action="${html(action)}">${groups.join("")}</form>`;
  return page(lang, WORDS.loginTitle[lang], body, switchHref);
}

/** RP-initiated logout's confirmation: oidc-provider's own form (`form`, with its xsrf field) and two buttons. */
export function logoutPage(lang: Lang, form: string): string {
  const body = `${form}<p>${WORDS.logoutIntro[lang]}</p><button type="submit" form="op.logoutForm" name="logout" value="yes">${WORDS.logoutYes[lang]}</button> <button type="submit" class="secondary" form="op.logoutForm">${WORDS.logoutNo[lang]}</button>`;
  return page(lang, WORDS.logoutTitle[lang], body);
}

/** After a logout without a redirect back. */
export function loggedOutPage(lang: Lang): string {
  return page(lang, WORDS.loggedOutTitle[lang], `<p>${WORDS.loggedOutIntro[lang]}</p>`);
}

/** An error the provider renders itself: in words, then the OAuth error code and its description (for a developer). */
export function errorPage(lang: Lang, code: string, description?: string): string {
  const detail = description ? ` <span lang="en">${html(description)}</span>` : "";
  const body = `<p>${WORDS.errorIntro[lang]}</p><p><code>${html(code)}</code>${detail}</p>`;
  return page(lang, WORDS.errorTitle[lang], body);
}
