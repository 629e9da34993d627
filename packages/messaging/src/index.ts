export {
  createSqsConsumer,
  INVALID_JSON_DETAIL,
  type PoisonHandler,
  PoisonMessageError,
  type PoisonReason,
  type RecordFailureListener,
  type SqsConsumerOptions,
} from "./consumer.ts";
export { CARRIED_DELIVERIES_ATTRIBUTE, ORIGIN_ATTRIBUTE, sqsDepartmentQueues } from "./department-queue.ts";
export { POISON_ATTRIBUTES, sendPoisonToDeadLetterQueue } from "./poison.ts";
export { departmentQueueUrlsFrom, type QueueUrls, queueUrlFor } from "./queue-urls.ts";
export {
  type OutgoingMessage,
  SendFailedError,
  type SendFailure,
  type SendOptions,
  type SentMessage,
  sendMessages,
} from "./send.ts";
export { createSendOutbox } from "./send-outbox.ts";
