/** Sign-in through the OpenID provider, in Chinese. `sign-in-en.ts` has the same keys. */
export const signInZh = {
  title: "登录",
  intro: "通过统一身份认证登录：群众以本人身份办事，运营人员按所属机构查看办件。",
  button: "通过统一身份认证登录",
  redirecting: "正在前往统一身份认证…",
  callback: "正在完成登录…",
  failure: {
    no_provider: "尚未配置统一身份认证，请联系平台管理员。",
    no_sign_in_pending: "这次登录已失效（可能在另一个标签页中完成了登录），请重新登录。",
    no_role: "该账号不是群众或运营人员账号，不能登录本平台页面。",
    no_token: "统一身份认证没有返回登录凭证，请重新登录。",
    access_denied: "您取消了登录。",
    login_required: "需要重新登录。",
    expired: "登录已过期，请重新登录。",
    unreachable: "无法连接统一身份认证，请检查网络后重试。",
    refused: "统一身份认证拒绝了这次登录，请重新登录。",
  },
  again: "重新登录",
  devTitle: "本地开发令牌",
  devIntro: "仅本地运行时提供：不经身份认证，直接以任一身份进入（命令行和测试也用它）。",
};
