/** The signed-in layout: top bar, then the view the route names (the inbox by default). */
import type { Agent } from '@parley/protocol';
import { selectedId } from '../state/conversations.ts';
import { dismissNotice, notice } from '../state/notice.ts';
import { route } from '../state/router.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { History } from './History.tsx';
import { CustomerPage } from './CustomersRecord.tsx';
import { Customers } from './Customers.tsx';
import { SentMail } from './SentMail.tsx';
import { Settings } from './Settings.tsx';
import { TopBar } from './TopBar.tsx';
import { VisitorsView } from './VisitorsView.tsx';
import { strings } from '../strings.ts';

export function Inbox({ agent }: { agent: Agent }) {
  const current = route.value;
  const view = current.name;
  return (
    <div class={`inbox${selectedId.value ? ' has-selection' : ''}`}>
      <TopBar agent={agent} />
      {notice.value && (
        <div class="notice" role="alert">
          <span>{notice.value}</span>
          <button type="button" class="ghost" onClick={dismissNotice}>
            {strings.inbox.dismiss}
          </button>
        </div>
      )}
      {view === 'visitors' ? (
        <VisitorsView />
      ) : view === 'mail' ? (
        <SentMail agent={agent} />
      ) : view === 'settings' ? (
        <Settings agent={agent} />
      ) : view === 'history' ? (
        <History />
      ) : current.name === 'customers' ? (
        current.customerId === null ? <Customers /> : <CustomerPage key={current.customerId} customerId={current.customerId} />
      ) : (
        <main class="panes" aria-labelledby="inbox-heading">
          <h1 id="inbox-heading" class="visually-hidden">
            {strings.inbox.inbox}
          </h1>
          <ConversationList />
          <ConversationView agent={agent} />
        </main>
      )}
    </div>
  );
}
