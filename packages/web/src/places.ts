import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "./api.ts";
import { localized } from "./i18n.ts";
import { PICKABLE, placeChain, placeIndex, placeOptions, withinScope } from "./place-tree.ts";

export { type PlaceOption, placeOptions, ROOT_PLACE, withinScope } from "./place-tree.ts";

/**
 * The jurisdiction tree (`GET /v1/jurisdictions`, read once) as options for a place picker, limited to `office` and
 * below (the signed-in scope) and to the levels figures exist for. Names in the page's language.
 */
export function usePlaces(office: string | undefined) {
  const { i18n } = useTranslation();
  const tree = useQuery({ queryKey: ["jurisdictions"], queryFn: api.jurisdictions, staleTime: Infinity });
  const all = tree.data ? placeOptions(tree.data) : [];
  const scope = all.find((p) => p.code === (office ?? tree.data?.root));
  const options = scope ? all.filter((p) => PICKABLE.has(p.level) && withinScope(p.path, scope.path)) : [];
  return {
    tree,
    all,
    options,
    scope,
    name: (code: string) => {
      const found = all.find((p) => p.code === code);
      return found ? localized(found.name, i18n.language) : code;
    },
    /** The place's names from the province down (`浙江省 / 宁波市 / 鄞州区 / 姜山镇`); the code when not in the tree. */
    fullName: (code: string) => {
      const chain = placeChain(placeIndex(all), code);
      return chain.length > 0 ? chain.map((p) => localized(p.name, i18n.language)).join(" / ") : code;
    },
  };
}
