import { beforeEach, describe, expect, it } from "vitest";
import { SignInError, signInFailure } from "../src/sign-in/failure.ts";
import { forgetReturnTo, isSitePath, rememberReturnTo, takeReturnTo } from "../src/sign-in/return-to.ts";

// The pages keep the wanted page in the tab's sessionStorage; node has none, so a map stands in for it.
const store = new Map<string, string>();
Object.assign(globalThis, {
  sessionStorage: {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  },
});

describe("the page wanted before sign-in", () => {
  beforeEach(() => store.clear());

  it("opens after a sign-in of the role it is for, once", () => {
    rememberReturnTo("citizen", "/my/cases/OT-1?lang=zh");
    expect(takeReturnTo("citizen")).toBe("/my/cases/OT-1?lang=zh");
    expect(takeReturnTo("citizen")).toBe("/my");
  });

  it("gives way to the role's home for another role, nothing remembered, or a garbled entry", () => {
    rememberReturnTo("citizen", "/my/cases/OT-1");
    expect(takeReturnTo("operator")).toBe("/ops");
    expect(takeReturnTo("citizen")).toBe("/my");
    store.set("onething.returnTo", "{not json");
    expect(takeReturnTo("operator")).toBe("/ops");
  });

  it("forgets the page a sign-out leaves, until the next sign-in", () => {
    rememberReturnTo("citizen", "/offers");
    forgetReturnTo();
    rememberReturnTo("citizen", "/offers"); // the page re-rendering signed out, as 退出 leaves it
    expect(takeReturnTo("citizen")).toBe("/my");
    rememberReturnTo("citizen", "/my/cases/OT-2"); // after a sign-in, remembering works again
    expect(takeReturnTo("citizen")).toBe("/my/cases/OT-2");
  });

  it("never leaves the site", () => {
    for (const path of ["//evil.example/my", "/\\evil.example", "https://evil.example/", "my/cases"]) {
      rememberReturnTo("citizen", path);
      expect(takeReturnTo("citizen"), path).toBe("/my");
    }
    expect(isSitePath("/offers")).toBe(true);
  });
});

describe("why a sign-in failed, as a code", () => {
  it("names the pages' own refusals and the provider's answers, never their text", () => {
    expect(signInFailure(new SignInError("no_role", "x"))).toBe("no_role");
    // As oauth4webapi's errors carry the provider's OAuth code (the callback's `?error=`, the token endpoint's body).
    const oauthError = (code: string) => Object.assign(new Error("provider text"), { error: code });
    expect(signInFailure(oauthError("access_denied"))).toBe("access_denied");
    expect(signInFailure(oauthError("invalid_grant"))).toBe("expired");
    expect(signInFailure(oauthError("server_error"))).toBe("refused");
    expect(signInFailure(new TypeError("Failed to fetch"))).toBe("unreachable");
    expect(signInFailure(new Error("anything else"))).toBe("refused");
  });
});
