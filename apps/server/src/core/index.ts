/**
 * The core: every way in (sockets, HTTP, inbound mail, CLI, jobs) calls these commands. Made from
 * ports the composition root filled; it imports no adapter and no edge.
 */
import type { ClaimedJob } from '../ports/jobs.ts';
import type { Topic } from '../ports/bus.ts';
import { AWAY_JOB, createAgents } from './agents.ts';
import { createAvatars } from './avatars.ts';
import { createRevocations } from './auth/revocations.ts';
import { createAuth } from './auth/sessions.ts';
import { createCalls } from './calls.ts';
import type { Context, CoreSettings, Ports } from './context.ts';
import { createConversationList } from './conversation-list.ts';
import { AUTO_CLOSE_JOB, createConversations } from './conversations.ts';
import { createCustomers } from './customers.ts';
import { createDispatch } from './events.ts';
import { createHistory } from './history.ts';
import { serverSecret } from './first-start.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import { createContextRecords } from './context-records.ts';
import { createMail, FALLBACK_JOB, PROMPT_FALLBACK_JOB } from './mail/service.ts';
import { OUTBOX_JOB } from './mail/outbox-worker.ts';
import { createFiles } from './files.ts';
import { createMessages } from './messages.ts';
import { createNotifications } from './notifications.ts';
import { createOutreach, OUTREACH_JOB } from './outreach.ts';
import { createReceipts } from './receipts.ts';
import { AVAILABILITY_JOB, createSites } from './sites.ts';
import { createTasks } from './tasks.ts';
import { createTeams } from './teams.ts';
import { createTemplates } from './templates.ts';
import { createUrgency, URGENCY_JOB } from './urgency.ts';
import { createVisitors } from './visitors.ts';

/**
 * How long a claimed job is this node's: a node that died holding one lets it go after this. Longer
 * than handlers run, short enough that a crash delays little. The outbox drain may outlast it while
 * a send waits on a slow server: a second claim then joins the drain under way, and each email
 * carries its own lease (sendingUntil), so nothing is sent twice.
 */
const LEASE_MS = 15_000;

export interface CoreOptions {
  settings: CoreSettings;
  /** How often the job runner looks for work other nodes scheduled; the outbox's poll too. */
  pollMs: number;
}

export type Core = Awaited<ReturnType<typeof createCore>>;

export async function createCore(ports: Ports, { settings, pollMs }: CoreOptions) {
  const tasks = createTasks();
  const dispatch = createDispatch({ ...ports, tasks });
  // The runner is made from the modules' handlers, and the modules wake it: bound once both exist.
  let runner: JobRunner | null = null;
  const wakeJobs = () => runner?.wake();
  // Jobs booked on this node run at once instead of at the next poll.
  const jobs = { ...ports.jobs, schedule: async (spec: Parameters<typeof ports.jobs.schedule>[0]) => { await ports.jobs.schedule(spec); wakeJobs(); } };
  const ctx: Context = { ...ports, jobs, settings, dispatch, tasks, wakeJobs, secret: await serverSecret(ports.store), startedAt: ports.clock.now() };

  const conversations = createConversations(ctx);
  const urgency = createUrgency(ctx);
  const list = createConversationList(ctx);
  const sites = createSites(ctx, conversations, urgency);
  const revocations = createRevocations(ctx);
  const teams = createTeams(ctx);
  const agents = createAgents(ctx, sites, teams, revocations);
  const avatars = createAvatars(ctx, agents);
  const visitors = createVisitors(ctx, sites);
  const customers = createCustomers(ctx, visitors);
  const messages = createMessages(ctx, sites);
  const files = createFiles(ctx, messages);
  const templates = createTemplates(ctx);
  const calls = createCalls(ctx, messages);
  const mail = createMail(ctx, { outboxPollMs: pollMs });
  const auth = createAuth(ctx, revocations);
  const notifications = createNotifications(ctx);
  const outreach = createOutreach(ctx, messages);
  const contextRecords = createContextRecords(ctx);
  const history = createHistory(ctx);
  const receipts = createReceipts(ctx);
  dispatch.on(mail.listen);
  dispatch.on(notifications.listen);

  const handlers: Record<string, (job: ClaimedJob) => Promise<void>> = {
    [AUTO_CLOSE_JOB]: conversations.autoClose,
    [URGENCY_JOB]: urgency.urgencyJob,
    [AWAY_JOB]: agents.awayJob,
    [AVAILABILITY_JOB]: () => sites.refreshJob(),
    [FALLBACK_JOB]: mail.fallbackJob,
    [PROMPT_FALLBACK_JOB]: mail.promptFallbackJob,
    [OUTREACH_JOB]: outreach.sendJob,
    [OUTBOX_JOB]: () => mail.outboxJob(),
  };
  // A node that died left without its sockets closing: its visitors and agents leave as if they had.
  ports.presence.onExpired?.((offline) => {
    for (const { kind, id } of offline) void tasks.track((kind === 'visitor' ? visitors.lost(id) : agents.lost(id)).catch((error: unknown) => console.error(error)));
  });

  const jobRunner = createJobRunner({ jobs: ports.jobs, clock: ports.clock, node: ports.node, handlers, leaseMs: LEASE_MS, pollMs, batch: 16 });
  runner = jobRunner;

  return {
    ctx,
    auth,
    sites,
    teams,
    agents,
    avatars,
    visitors,
    customers,
    conversations,
    list,
    messages,
    files,
    templates,
    calls,
    mail,
    notifications,
    outreach,
    contextRecords,
    history,
    receipts,
    tasks,

    /** `listener` runs whenever sessions may have ended (on any node, or by the CLI): sockets re-check theirs. */
    onRevocation: revocations.listen,

    /** A socket hears these topics until it closes; `deliver` gets serialized frames. */
    subscribe: (topics: readonly Topic[], deliver: (payload: string) => void) => ports.bus.subscribe(topics, deliver),

    /** Whether a reply address still leads somewhere. */
    hasConversation: async (conversationId: string) => (await ports.store.conversations.byId(conversationId)) !== null,

    /** An email reply to a conversation, posted as the visitor's message: 'duplicate' when its client id was stored already. */
    async replyByEmail(input: { conversationId: string; clientId: string; text: string }): Promise<'posted' | 'duplicate' | 'gone'> {
      const conversation = await ports.store.conversations.byId(input.conversationId);
      const site = conversation ? await ports.store.sites.byId(conversation.siteId) : null;
      if (!conversation || !site) return 'gone';
      const appended = await messages.postVisitorMessage(site, { visitorId: conversation.visitorId, clientId: input.clientId, text: input.text, available: await sites.available(site) });
      return appended.created ? 'posted' : 'duplicate';
    },

    /** A consistent copy of the database while the server runs. */
    backup: (file: string) => ports.store.backup(file),

    async start() {
      await ports.jobs.schedule({ kind: AVAILABILITY_JOB, key: 'all', at: ports.clock.now() });
      await mail.start();
      await revocations.start();
      jobRunner.start();
    },

    /**
     * Stops the job runner, first of all: the sockets closing next must not read as visitors
     * leaving, and a visitor who "left" because the server stopped gets no email.
     */
    async stop() {
      mail.stop();
      await jobRunner.stop(2_000);
      revocations.stop();
    },

    /** Waits for work in flight, then closes the ports. */
    async close() {
      visitors.flushPages();
      conversations.flush();
      receipts.flush();
      await tasks.drain();
      ports.mailTransport.close();
      await ports.bus.close();
      await ports.store.close();
    },
  };
}
