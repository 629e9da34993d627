/**
 * The department queues as the pull routes use them (`@onething/messaging`'s SQS adapter on the platform): receive
 * with a visibility timeout (the lease), change a message's visibility, delete it, put a copy back, dead-letter it.
 */

/** One receive of one message of a department's queue. */
export interface ReceivedDepartmentMessage {
  readonly messageId: string;
  /** SQS's receipt handle of this receive: only the platform sees it (sealed inside the lease id). */
  readonly receipt: string;
  readonly body: string;
  /** SQS's `ApproximateReceiveCount` of this copy (1 on its first receive). */
  readonly receiveCount: number;
  /** Deliveries of earlier copies of the message (a copy put back by `requeue` carries them): 0 for an original. */
  readonly carriedDeliveries: number;
  /**
   * The id of the message this one is a copy of (`requeue` carries it), else its own id: one SQS message and the
   * copies put back for it are one delivery chain, and a lease guards the chain, not the copy.
   */
  readonly origin: string;
  /** The message's attributes as sent (string values), kept on a copy. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The receipt of a lease no longer holds the message at SQS (deleted, or received again after the lease ended). */
export class LeaseReceiptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LeaseReceiptError";
  }
}

export interface DepartmentQueuePort {
  receive(
    department: string,
    request: { max: number; visibilitySeconds: number; waitSeconds: number },
  ): Promise<ReceivedDepartmentMessage[]>;
  /** Sets the message's visibility to `seconds` from now (0: visible at once); `LeaseReceiptError` if SQS refuses. */
  setVisibility(department: string, receipt: string, seconds: number): Promise<void>;
  /** Deletes the message this receipt names; `LeaseReceiptError` if SQS refuses the receipt. */
  remove(department: string, receipt: string): Promise<void>;
  /**
   * Puts a fresh copy of each message on the queue (visible at once, its attributes kept, `carriedDeliveries` as
   * given) and deletes the received one: the copy starts at receive count 0.
   */
  requeue(
    department: string,
    messages: readonly { message: ReceivedDepartmentMessage; carriedDeliveries: number }[],
  ): Promise<void>;
  /** Moves a message to the department's dead-letter queue with the reason, and deletes it from the queue. */
  deadLetter(department: string, message: ReceivedDepartmentMessage, reason: string): Promise<void>;
}
