import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { api } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { sampleIdentities, sampleOrganisations } from "../samples.ts";
import { loadSession, saveSession } from "../session.ts";

const SAMPLE_IDENTITIES = sampleIdentities();
const SAMPLE_ORGANISATIONS = sampleOrganisations();
/** The sign-in body's fields, by the labels of their inputs (a refused one is named by its label). */
const CITIZEN_FIELDS: Record<string, string> = {
  idNumber: "signIn.idNumber",
  name: "signIn.name",
  uscc: "signIn.uscc",
};

/** Local sign-in: the runtime's dev token issuer stands in for the identity provider. */
export function SignIn() {
  const session = loadSession();
  if (session) return <Navigate to={session.role === "operator" ? "/ops" : "/my"} replace />;
  return (
    <section className="sign-in">
      <SignInIntro />
      <div className="columns">
        <CitizenSignIn />
        <OperatorSignIn />
      </div>
    </section>
  );
}

function SignInIntro() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.intro")}</p>
    </>
  );
}

function CitizenSignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [idNumber, setIdNumber] = useState("");
  const [name, setName] = useState("");
  const [uscc, setUscc] = useState("");
  const signIn = useMutation({
    mutationFn: () =>
      api.devToken({
        role: "citizen",
        idNumber: idNumber.trim(),
        ...(name ? { name } : {}),
        ...(uscc.trim() ? { uscc: uscc.trim() } : {}),
      }),
    onSuccess: ({ token, expiresAt }) => {
      saveSession({
        token,
        expiresAt,
        role: "citizen",
        reveal: false,
        idNumber: idNumber.trim(),
        name,
        ...(uscc.trim() ? { uscc: uscc.trim() } : {}),
      });
      void navigate("/my");
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="citizen-sign-in">
      <h2 id="citizen-sign-in">{t("signIn.citizen")}</h2>
      <label>
        {t("signIn.idNumber")}
        <input required value={idNumber} onChange={(e) => setIdNumber(e.target.value)} autoComplete="off" />
      </label>
      <label>
        {t("signIn.name")}
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </label>
      <label>
        {t("signIn.uscc")}
        <input value={uscc} onChange={(e) => setUscc(e.target.value)} autoComplete="off" />
      </label>
      <fieldset className="samples">
        <legend>{t("signIn.samples")}</legend>
        {SAMPLE_IDENTITIES.map((s) => (
          <button
            key={s.idNumber}
            type="button"
            onClick={() => {
              setIdNumber(s.idNumber);
              setName(s.name);
              setUscc("");
            }}
          >
            {s.name}
          </button>
        ))}
      </fieldset>
      <fieldset className="samples">
        <legend>{t("signIn.sampleOrganisations")}</legend>
        {SAMPLE_ORGANISATIONS.map((o) => (
          <button
            key={o.uscc}
            type="button"
            onClick={() => {
              setUscc(o.uscc);
              // Someone has to act for the organisation: keep who is typed in, else the first sample person.
              if (!idNumber) setIdNumber(SAMPLE_IDENTITIES[0]?.idNumber ?? "");
            }}
          >
            {o.name}
          </button>
        ))}
      </fieldset>
      {signIn.error && (
        <ErrorMessage
          error={signIn.error}
          frame={(message) => t("signIn.failed", { message })}
          label={(path) => (Object.hasOwn(CITIZEN_FIELDS, path) ? t(CITIZEN_FIELDS[path] ?? "") : undefined)}
        />
      )}
      <button type="submit" className="primary" disabled={signIn.isPending}>
        {t("signIn.asCitizen")}
      </button>
    </form>
  );
}

function OperatorSignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [reveal, setReveal] = useState(false);
  const signIn = useMutation({
    mutationFn: () => api.devToken({ role: "operator", reveal }),
    onSuccess: ({ token, expiresAt }) => {
      saveSession({ token, expiresAt, role: "operator", reveal });
      void navigate("/ops");
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="operator-sign-in">
      <h2 id="operator-sign-in">{t("signIn.operator")}</h2>
      <label className="inline">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        {t("signIn.reveal")}
      </label>
      {signIn.error && (
        <ErrorMessage error={signIn.error} frame={(message) => t("signIn.failed", { message })} />
      )}
      <button type="submit" className="primary" disabled={signIn.isPending}>
        {t("signIn.asOperator")}
      </button>
    </form>
  );
}
