/** The signed-in layout: top bar, conversation list on the left, the open conversation on the right. */
import type { Agent } from '@parley/protocol';
import { selectedId } from '../state/conversations.ts';
import { dismissNotice, notice } from '../state/notice.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { TopBar } from './TopBar.tsx';

export function Inbox({ agent }: { agent: Agent }) {
  return (
    <div class={`inbox${selectedId.value ? ' has-selection' : ''}`}>
      <TopBar agent={agent} />
      {notice.value && (
        <div class="notice" role="alert">
          <span>{notice.value}</span>
          <button type="button" class="ghost" onClick={dismissNotice}>
            Dismiss
          </button>
        </div>
      )}
      <div class="panes">
        <ConversationList />
        <ConversationView agent={agent} />
      </div>
    </div>
  );
}
