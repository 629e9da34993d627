import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { Section } from "../../components/Section.tsx";
import { splitOffers } from "../../offers.ts";
import { FinishedOffer, OpenOffer } from "./OfferCard.tsx";

/** The person's offers (免申即享): the open ones as cards to confirm, the finished ones below, greyed. */
export function Offers() {
  const { t } = useTranslation();
  const offers = useInfiniteQuery({
    queryKey: ["offers", "inbox"],
    queryFn: ({ pageParam }) => api.offers(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor,
    refetchInterval: 10_000,
  });
  const { open, finished } = splitOffers(offers.data?.pages.flatMap((p) => p.offers) ?? []);
  return (
    <section className="offers">
      <h1>{t("offers.title")}</h1>
      <p>{t("offers.intro")}</p>
      <QueryState loading={offers.isPending} error={offers.error} />
      {offers.isSuccess && open.length === 0 && <p>{t("offers.empty")}</p>}
      <div className="offer-list">
        {open.map((o) => (
          <OpenOffer key={o.offerId} offer={o} />
        ))}
      </div>
      {finished.length > 0 && (
        <Section id="offers-finished" title={t("offers.finished")}>
          <div className="offer-list">
            {finished.map((o) => (
              <FinishedOffer key={o.offerId} offer={o} />
            ))}
          </div>
        </Section>
      )}
      {offers.hasNextPage && (
        <button type="button" onClick={() => void offers.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
