/**
 * Wires the agent socket to the state modules: every server frame lands here once, and a
 * (re)connection is complete when the full list arrives. Then the selected conversation is
 * opened from the highest seq held, and the socket re-sends unacked replies (and a first message to a visitor).
 */
import { effect, signal, untracked } from '@preact/signals';
import { type Agent, type AgentServerFrame, CLOSE } from '@parley/protocol';
import { getMe } from '../api.ts';
import { replaceTeam, replaceTeams, resetTeam } from './agents.ts';
import { applyCounts, applyPage, noteMessage, noteVisitor, removeConversation, replaceConversations, replaceSites, resetConversations, selectedId, setListAgent, upsert } from './conversations.ts';
import { resetTemplates } from './templates.ts';
import { applyAck, applyEmail, applyHistory, applyMessage, applyOlder, applyReceipts, failReply, openThread, resetMessages, unackedReplies } from './messages.ts';
import { dismissNotice, showNotice } from './notice.ts';
import { resetAccounts } from './accounts.ts';
import { resetHistory } from './history.ts';
import { resetOutbox } from './outbox.ts';
import { resetTeamChanges } from './team-admin.ts';
import { connectSocket, disconnectSocket } from './socket.ts';
import { applyContextRecords, resetContextRecords } from './context-records.ts';
import { resetPendingMessages } from './pending-messages.ts';
import { applyStartAck, cancelStartChat, failStartChat, noteListed, unackedStart } from './start-chat.ts';
import { resetTyping, setVisitorTyping } from './typing.ts';
import { applyNotificationFrame, resetNotifications, trackNotifications } from './notifications.ts';
import { applySeen, trackSeen } from './unread.ts';
import { applySavedVisitor, cancelDetails, failDetails } from './visitor-edit.ts';
import { applyVisitor, replaceVisitors, resetVisitors } from './visitors.ts';

/** The current connection has delivered the full list: the state is live. */
export const synced = signal(false);

export interface SyncHandlers {
  onUnauthorized(): void;
  /** The server's word on the signed-in agent (availability, auto-away), on connect and on change. */
  onAgent(agent: Agent): void;
}

let stops: (() => void)[] = [];

export function startSync(agent: Agent, { onUnauthorized, onAgent }: SyncHandlers): void {
  stopSync();
  let me = agent;
  setListAgent(agent.id);

  function handleFrame(frame: AgentServerFrame): void {
    switch (frame.t) {
      case 'conversations':
        replaceConversations(frame.items, frame.next);
        synced.value = true;
        noteListed();
        return;
      case 'page':
        applyPage(frame);
        noteListed();
        return;
      case 'counts':
        applyCounts(frame.query, frame.counts);
        return;
      case 'sites':
        replaceSites(frame.items);
        return;
      case 'conversation':
        upsert(frame.item);
        noteListed();
        return;
      case 'history':
        applyHistory(frame.conversationId, frame.messages);
        return;
      case 'older':
        applyOlder(frame.conversationId, frame.messages);
        return;
      case 'receipts':
        applyReceipts(frame.conversationId, frame.receipts);
        return;
      case 'message':
        noteMessage(frame.message);
        applyMessage(frame.message);
        if (frame.message.author === 'visitor') setVisitorTyping(frame.message.conversationId, false);
        return;
      case 'ack':
        applyAck(frame, me.name);
        applyStartAck(frame);
        return;
      case 'typing':
        setVisitorTyping(frame.conversationId, frame.on);
        return;
      case 'visitors':
        replaceVisitors(frame.items);
        return;
      case 'visitor':
        applyVisitor(frame.item);
        noteVisitor(frame.item);
        applySavedVisitor(frame.item);
        return;
      case 'me':
        me = frame.agent;
        onAgent(frame.agent);
        return;
      case 'agents':
        replaceTeam(frame.items);
        return;
      case 'teams':
        replaceTeams(frame.items);
        return;
      case 'notifications':
      case 'notification':
      case 'notificationsChanged':
        applyNotificationFrame(frame, me);
        return;
      case 'seen':
        applySeen(frame.items);
        return;
      case 'removed':
        removeConversation(frame.conversationId);
        return;
      case 'email':
        applyEmail(frame.conversationId, frame.messageIds, frame.email);
        return;
      case 'contexts':
        applyContextRecords(frame.visitorId, frame.records);
        return;
      case 'error':
        if (frame.clientId && (failReply(frame.clientId, frame.message) || failStartChat(frame.clientId, frame.message))) return;
        if (!frame.clientId && failDetails(frame.message)) return;
        showNotice(frame.message);
        return;
    }
  }

  function handleClose(code: number, opened: boolean): boolean {
    synced.value = false;
    if (code === CLOSE.unauthorized) {
      onUnauthorized();
      return false;
    }
    // A refused upgrade looks like any failed connection: ask whether the session is still valid.
    if (!opened) {
      void getMe().then((result) => {
        if (!result.ok && result.status === 401) onUnauthorized();
      });
    }
    return true;
  }

  connectSocket({ onFrame: handleFrame, onClose: handleClose, unacked: () => [...unackedReplies(), ...unackedStart()] });
  stops = [
    trackSeen(),
    trackNotifications(),
    // Depends on selectedId and synced only: re-opens on a new selection and on every reconnection.
    effect(() => {
      const id = selectedId.value;
      if (id !== null && synced.value) untracked(() => openThread(id));
    }),
  ];
}

/** Disconnects and forgets everything the previous agent held. */
export function stopSync(): void {
  for (const stop of stops) stop();
  stops = [];
  disconnectSocket();
  synced.value = false;
  resetConversations();
  resetMessages();
  resetTyping();
  resetVisitors();
  resetTeam();
  resetOutbox();
  resetHistory();
  resetAccounts();
  resetTeamChanges();
  resetNotifications();
  resetTemplates();
  cancelStartChat();
  resetPendingMessages();
  resetContextRecords();
  cancelDetails();
  dismissNotice();
}
