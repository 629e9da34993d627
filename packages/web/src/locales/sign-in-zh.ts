/** Sign-in through the OpenID provider, in Chinese. `sign-in-en.ts` has the same keys. */
export const signInZh = {
  title: "登录",
  intro: "通过统一身份认证登录：群众以本人身份办事，运营人员按所属机构查看办件。",
  button: "通过统一身份认证登录",
  redirecting: "正在前往统一身份认证…",
  callback: "正在完成登录…",
  failed: "登录未能完成：{{message}}",
  again: "重新登录",
  devTitle: "本地开发令牌",
  devIntro: "仅本地运行时提供：不经身份认证，直接以任一身份进入（命令行和测试也用它）。",
};
