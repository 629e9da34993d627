import { type Claims, claimsFor, type Identity } from "@onething/auth";

/** Words in both page languages. */
export interface Text {
  readonly zh: string;
  readonly en: string;
}

/**
 * One account the local provider signs in: whom the login page lists (a sample resident, a person acting for a
 * sample organisation, an operator of an office with or without the `reveal` permission) and the identity whose
 * claims (`claimsFor`, as the web client) its tokens carry.
 */
export interface LocalAccount {
  /** The OIDC subject (`sub`): for a person their pseudonym, never the ID number. */
  readonly id: string;
  readonly group: "citizen" | "organisation" | "operator";
  readonly label: Text;
  readonly detail?: Text | undefined;
  readonly identity: Identity;
}

/** The platform's claims of an account, without `sub` (the provider sets it to the account id). */
export function accountClaims(account: LocalAccount): Omit<Claims, "sub"> {
  const { sub: _sub, ...claims } = claimsFor(account.identity, "web");
  return claims as Omit<Claims, "sub">;
}

/** A sample resident who signs in as themself. */
export function citizenAccount(person: { name: string; idNumber: string }): LocalAccount {
  const identity: Identity = { role: "citizen", idNumber: person.idNumber, name: person.name };
  return {
    id: claimsFor(identity, "web").sub,
    group: "citizen",
    label: { zh: person.name, en: person.name },
    detail: { zh: `身份证号 ${maskId(person.idNumber)}`, en: `ID ${maskId(person.idNumber)}` },
    identity,
  };
}

/** A person acting for a sample organisation (法人账户): the organisation's account. */
export function organisationAccount(
  organisation: { name: string; uscc: string },
  actor: { name: string; idNumber: string },
): LocalAccount {
  const identity: Identity = { role: "citizen", idNumber: actor.idNumber, uscc: organisation.uscc };
  return {
    id: claimsFor(identity, "web").sub,
    group: "organisation",
    label: { zh: organisation.name, en: organisation.name },
    detail: { zh: `经办人 ${actor.name}`, en: `acting: ${actor.name}` },
    identity,
  };
}

/** An operator of an office (`undefined`: the whole platform), with or without the `reveal` permission. */
export function operatorAccount(
  office: { code: string; name: Text } | undefined,
  reveal: boolean,
): LocalAccount {
  const where = office?.name ?? { zh: "全平台", en: "whole platform" };
  return {
    id: `operator-${office?.code ?? "platform"}${reveal ? "-reveal" : ""}`,
    group: "operator",
    label: {
      zh: `运营人员 · ${where.zh}${reveal ? "（可查看明文）" : ""}`,
      en: `Operator · ${where.en}${reveal ? " (may reveal)" : ""}`,
    },
    identity: { role: "operator", reveal, ...(office ? { office: office.code } : {}) },
  };
}

/** The last four digits only: the login page is a list anyone at the machine can read. */
const maskId = (idNumber: string) => `…${idNumber.slice(-4)}`;
