/** A conversation's statuses as words ("Rep needed", "Overdue"), from the protocol's one rule; online shows beside them as presence. */
import { type ConversationSummary, STATUS_LABELS, statusesOf } from '@parley/protocol';

export function StatusBadges({ conversation }: { conversation: ConversationSummary }) {
  return (
    <>
      {statusesOf(conversation)
        .filter((status) => status !== 'online')
        .map((status) => (
          <span key={status} class={`status status-${status}`}>
            {STATUS_LABELS[status]}
          </span>
        ))}
    </>
  );
}
