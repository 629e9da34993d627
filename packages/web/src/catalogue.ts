import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "./api.ts";
import { localized } from "./i18n.ts";

/** Department and bundle names for every page; the registry and the catalogue rarely change, so read them once. */
export function useNames() {
  const { t, i18n } = useTranslation();
  const departments = useQuery({ queryKey: ["departments"], queryFn: api.departments, staleTime: Infinity });
  const bundles = useQuery({ queryKey: ["bundles"], queryFn: api.bundles, staleTime: Infinity });
  return {
    department(id: string): string {
      const d = departments.data?.departments.find((x) => x.id === id);
      if (d) return localized(d.name, i18n.language);
      // `report` items are assembled by the platform itself, not by a registered department.
      return id === "platform" ? t("common.platform") : id;
    },
    bundle(id: string): string {
      const b = bundles.data?.bundles.find((x) => x.id === id);
      return b ? localized(b.name, i18n.language) : id;
    },
    departmentIds: departments.data?.departments.map((d) => d.id) ?? [],
    bundleIds: bundles.data?.bundles.map((b) => b.id) ?? [],
  };
}

/** One bundle's detail (its form and items with their declared outputs); a bundle does not change while a page is open. */
export function useBundle(bundleId: string) {
  return useQuery({
    queryKey: ["bundle", bundleId],
    queryFn: () => api.bundle(bundleId),
    staleTime: Infinity,
  });
}
