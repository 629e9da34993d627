import type { ReactNode } from "react";

/**
 * A titled part of a page, named by its heading for screen readers (`aria-labelledby` → `<h2 id="<id>-title">`).
 * `className="panel"` draws it as a card (the overview's panels).
 * @example <Section id="backlog" title={t("ops.backlog")} className="panel">…</Section>
 */
export function Section(props: { id: string; title: ReactNode; className?: string; children: ReactNode }) {
  const titleId = `${props.id}-title`;
  return (
    <section className={props.className} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </section>
  );
}
