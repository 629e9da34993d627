import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { localized } from "../../i18n.ts";
import { useSession } from "../../session.ts";

/** The life events this account can apply for: a person's, or an organisation's when it acts for one. */
export function BundleList() {
  const { t, i18n } = useTranslation();
  const kind = useSession()?.uscc ? "organisation" : "person";
  const bundles = useQuery({ queryKey: ["bundles"], queryFn: api.bundles, staleTime: Infinity });
  return (
    <section>
      <h1>{t("apply.title")}</h1>
      <QueryState loading={bundles.isPending} error={bundles.error} />
      <ul className="cards">
        {bundles.data?.bundles
          .filter((b) => b.applicantKind === kind && b.startedBy === "applicant")
          .map((b) => (
            <li key={b.id} className="card">
              <h2>{localized(b.name, i18n.language)}</h2>
              <p>{localized(b.description, i18n.language)}</p>
              <p className="muted">{t("apply.items", { count: b.items })}</p>
              <Link className="button primary" to={`/apply/${b.id}`}>
                {t("apply.start")} · {localized(b.name, i18n.language)}
              </Link>
            </li>
          ))}
      </ul>
    </section>
  );
}
