import {
  EVENTS_QUEUE,
  type OutboxMessage,
  REGISTRY_QUEUE,
  type RegistryChangesMessage,
  type SendOutbox,
} from "@onething/cases";

/**
 * The outbox sender with the registry's entries taken out: where the function holds the registry's key, it applies
 * a commit's entitlement changes itself, in order, before sending the rest; where it does not (the sweeper resending
 * what a crash left), it forwards them to the events queue, whose function applies them. Either way each change is
 * a guarded write, so a resend changes nothing.
 */
export function withRegistryChanges(
  send: SendOutbox,
  apply: ((message: RegistryChangesMessage) => Promise<void>) | undefined,
): SendOutbox {
  return async (messages: readonly OutboxMessage[]) => {
    const registry = messages.filter((m) => m.queue === REGISTRY_QUEUE);
    const rest = messages.filter((m) => m.queue !== REGISTRY_QUEUE);
    if (!apply) {
      await send([...rest, ...registry.map((m) => ({ ...m, queue: EVENTS_QUEUE }))]);
      return;
    }
    for (const m of registry) await apply(m.body as RegistryChangesMessage);
    if (rest.length > 0) await send(rest);
  };
}
