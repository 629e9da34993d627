import { useMutation, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { api, type DevTokenRequest } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { SampleButtons } from "../components/SampleButtons.tsx";
import { fieldLabels } from "../errors.ts";
import { handleSubmit } from "../form/submit.ts";
import { localized } from "../i18n.ts";
import { ROOT_PLACE, usePlaces } from "../places.ts";
import { sampleIdentities, sampleOrganisations } from "../samples.ts";
import { loadSession, type Session, saveSession } from "../session.ts";
import { ProviderSignIn } from "../sign-in/ProviderSignIn.tsx";
import { takeReturnTo } from "../sign-in/return-to.ts";
import { runtimeConfig } from "../sign-in/runtime-config.ts";

const SAMPLE_IDENTITIES = sampleIdentities();
const SAMPLE_ORGANISATIONS = sampleOrganisations();
/** The sign-in body's fields, by the labels of their inputs (a refused one is named by its label). */
const CITIZEN_FIELDS: Record<string, string> = {
  idNumber: "signIn.idNumber",
  name: "signIn.name",
  uscc: "signIn.uscc",
};

/**
 * Sign-in: through the OpenID provider the runtime config names (locally the local provider, on AWS Cognito or the
 * province's issuer), and, where the runtime config enables it (the local runtime only), the dev token forms.
 */
export function SignIn() {
  const { t } = useTranslation();
  const session = loadSession();
  const config = useQuery({ queryKey: ["runtime-config"], queryFn: runtimeConfig, staleTime: Infinity });
  if (session) return <Navigate to={session.role === "operator" ? "/ops" : "/my"} replace />;
  return (
    <section className="sign-in">
      <h1>{t("oidc.title")}</h1>
      {config.data?.oidc && <ProviderSignIn />}
      {config.data?.devSignIn && (
        <section aria-labelledby="dev-sign-in">
          <h2 id="dev-sign-in">{t("oidc.devTitle")}</h2>
          <p>{t("oidc.devIntro")}</p>
          <div className="columns">
            <CitizenSignIn />
            <OperatorSignIn />
          </div>
        </section>
      )}
    </section>
  );
}

function CitizenSignIn() {
  const { t } = useTranslation();
  const [idNumber, setIdNumber] = useState("");
  const [name, setName] = useState("");
  const [uscc, setUscc] = useState("");
  const acting = uscc.trim() ? { uscc: uscc.trim() } : {};
  const signIn = useDevSignIn(
    { role: "citizen", idNumber: idNumber.trim(), ...(name ? { name } : {}), ...acting },
    { role: "citizen", reveal: false, idNumber: idNumber.trim(), name, ...acting },
  );
  return (
    <SignInCard
      id="citizen-sign-in"
      title={t("signIn.citizen")}
      submit={t("signIn.asCitizen")}
      signIn={signIn}
      label={fieldLabels(t, CITIZEN_FIELDS)}
    >
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
      <SampleButtons
        legend={t("signIn.samples")}
        samples={SAMPLE_IDENTITIES}
        keyOf={(s) => s.idNumber}
        label={(s) => s.name}
        onPick={(s) => {
          setIdNumber(s.idNumber);
          setName(s.name);
          setUscc("");
        }}
      />
      <SampleButtons
        legend={t("signIn.sampleOrganisations")}
        samples={SAMPLE_ORGANISATIONS}
        keyOf={(o) => o.uscc}
        label={(o) => o.name}
        onPick={(o) => {
          setUscc(o.uscc);
          // Someone has to act for the organisation: keep who is typed in, else the first sample person.
          if (!idNumber) setIdNumber(SAMPLE_IDENTITIES[0]?.idNumber ?? "");
        }}
      />
    </SignInCard>
  );
}

function OperatorSignIn() {
  const { t, i18n } = useTranslation();
  const [reveal, setReveal] = useState(false);
  const [office, setOffice] = useState("");
  const places = usePlaces(undefined);
  // No office: the whole platform (the token names none).
  const scoped = office && office !== ROOT_PLACE ? { office } : {};
  const signIn = useDevSignIn(
    { role: "operator", reveal, ...scoped },
    { role: "operator", reveal, ...scoped },
  );
  return (
    <SignInCard
      id="operator-sign-in"
      title={t("signIn.operator")}
      submit={t("signIn.asOperator")}
      signIn={signIn}
    >
      <label>
        {t("places.office")}
        <select value={office} onChange={(e) => setOffice(e.target.value)}>
          <option value="">{t("places.platform")}</option>
          {places.options
            .filter((p) => p.code !== ROOT_PLACE)
            .map((p) => (
              <option key={p.code} value={p.code}>
                {`${"\u3000".repeat(Math.max(0, p.depth - 1))}${localized(p.name, i18n.language)}`}
              </option>
            ))}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        {t("signIn.reveal")}
      </label>
    </SignInCard>
  );
}

/** A token from the runtime's dev issuer; on success the session is kept for this tab and the page they wanted (or the role's home) opens. */
function useDevSignIn(request: DevTokenRequest, session: Omit<Session, "token" | "expiresAt">) {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.devToken(request),
    onSuccess: ({ token, expiresAt }) => {
      saveSession({ token, expiresAt, ...session });
      void navigate(takeReturnTo(session.role));
    },
  });
}

/** One way in: a card with its fields, the refusal in words (fields by `label`), and the sign-in button. */
function SignInCard(props: {
  id: string;
  title: string;
  submit: string;
  signIn: ReturnType<typeof useDevSignIn>;
  label?: (path: string) => string | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { signIn } = props;
  return (
    <form className="card" onSubmit={handleSubmit(() => signIn.mutate())} aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {props.children}
      {signIn.error && (
        <ErrorMessage
          error={signIn.error}
          frame={(message) => t("signIn.failed", { message })}
          label={props.label}
        />
      )}
      <button type="submit" className="primary" disabled={signIn.isPending}>
        {props.submit}
      </button>
    </form>
  );
}
