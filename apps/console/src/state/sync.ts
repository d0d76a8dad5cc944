/**
 * Wires the agent socket to the state modules: every server frame lands here once, and a
 * (re)connection is complete when the full list arrives. Then the selected conversation is
 * opened from the highest seq held, and unacked replies are re-sent.
 */
import { effect, signal, untracked } from '@preact/signals';
import type { Agent, AgentServerFrame } from '@parley/protocol';
import { getMe } from '../api.ts';
import { noteMessage, replaceConversations, resetConversations, selectedId, upsert } from './conversations.ts';
import { applyAck, applyHistory, applyMessage, failReply, openThread, resendPending, resetMessages } from './messages.ts';
import { dismissNotice, showNotice } from './notice.ts';
import { connectSocket, disconnectSocket } from './socket.ts';
import { resetTyping, setVisitorTyping } from './typing.ts';
import { trackSeen } from './unread.ts';

/** The current connection has delivered the full list: the state is live. */
export const synced = signal(false);

/** WebSocket close code the server uses for "not signed in". */
const UNAUTHORIZED = 4401;

let stops: (() => void)[] = [];

export function startSync(agent: Agent, onUnauthorized: () => void): void {
  stopSync();

  function handleFrame(frame: AgentServerFrame): void {
    switch (frame.t) {
      case 'conversations':
        replaceConversations(frame.items);
        resendPending();
        synced.value = true;
        return;
      case 'conversation':
        upsert(frame.item);
        return;
      case 'history':
        applyHistory(frame.conversationId, frame.messages);
        return;
      case 'message':
        noteMessage(frame.message);
        applyMessage(frame.message);
        if (frame.message.author === 'visitor') setVisitorTyping(frame.message.conversationId, false);
        return;
      case 'ack':
        applyAck(frame, agent.name);
        return;
      case 'typing':
        setVisitorTyping(frame.conversationId, frame.on);
        return;
      case 'error':
        if (frame.clientId && failReply(frame.clientId, frame.message)) return;
        showNotice(frame.message);
        return;
    }
  }

  function handleClose(code: number, opened: boolean): boolean {
    synced.value = false;
    if (code === UNAUTHORIZED) {
      onUnauthorized();
      return false;
    }
    // A refused upgrade looks like any failed connection: ask whether the session is still valid.
    if (!opened) {
      void getMe().then((me) => {
        if (!me.ok && me.status === 401) onUnauthorized();
      });
    }
    return true;
  }

  connectSocket({ onFrame: handleFrame, onClose: handleClose });
  stops = [
    trackSeen(agent.id),
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
  dismissNotice();
}
