/**
 * Message templates: every agent lists the shared ones and their own; admins manage the shared
 * ones, each agent their own. Another agent's template reads as if it did not exist.
 */
import type { MessageTemplate, TemplateAdd, TemplatePatch } from '@parley/protocol';
import type { Agent } from '../ports/store.ts';
import type { TemplateRecord } from '../ports/template-store.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';

export type Templates = ReturnType<typeof createTemplates>;

export const templateView = ({ id, ownerId, shortcut, body, createdAt, updatedAt }: TemplateRecord): MessageTemplate => ({ id, shortcut, body, shared: ownerId === null, createdAt, updatedAt });

const sharedByAdmins = () => new AppError('not_allowed', 'Only admins manage shared templates; add a personal one instead.');

export function createTemplates(ctx: Context) {
  const { store, clock } = ctx;

  /** A template the agent may change: a shared one if they are an admin, or their own. */
  const changeable = async (agent: Agent, id: string) => {
    const template = await store.templates.byId(id);
    if (!template || (template.ownerId !== null && template.ownerId !== agent.id)) throw new AppError('not_found', `No template has the id ${id}.`);
    if (template.ownerId === null && agent.role !== 'admin') throw sharedByAdmins();
    return template;
  };

  return {
    list: async (agent: Agent) => (await store.templates.listFor(agent.id)).map(templateView),

    async add(agent: Agent, input: Required<TemplateAdd>) {
      if (input.shared && agent.role !== 'admin') throw sharedByAdmins();
      return templateView(await store.templates.create({ ownerId: input.shared ? null : agent.id, shortcut: input.shortcut, body: input.body, at: clock.now() }));
    },

    async change(agent: Agent, id: string, patch: TemplatePatch) {
      await changeable(agent, id);
      return templateView(await store.templates.update(id, { ...patch, at: clock.now() }));
    },

    async remove(agent: Agent, id: string) {
      await changeable(agent, id);
      await store.templates.delete(id);
    },
  };
}
