/** Message templates: the list this agent may use and manage, its changes, and what an insertion reads once placeholders are filled. */
import { signal } from '@preact/signals';
import { type Agent, type ConversationSummary, fillTemplate, type MessageTemplate, type PlaceholderValues, type TemplateAdd, type TemplatePatch } from '@parley/protocol';
import { addTemplate, changeTemplate, deleteTemplate, getTemplates } from '../api.ts';

/** Null until loaded; the shared ones and this agent's own, by shortcut. */
export const templates = signal<readonly MessageTemplate[] | null>(null);
/** Why the list could not be loaded, if it could not. */
export const templatesError = signal<string | null>(null);

const byShortcut = (a: MessageTemplate, b: MessageTemplate) => (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : Number(b.shared) - Number(a.shared));

export async function loadTemplates(): Promise<void> {
  const result = await getTemplates();
  templatesError.value = result.ok ? null : result.message;
  if (result.ok) templates.value = result.value.templates;
}

function put(template: MessageTemplate): void {
  templates.value = [...(templates.value ?? []).filter((t) => t.id !== template.id), template].sort(byShortcut);
}

/** Null once saved, else what to fix. */
export async function createTemplate(fields: TemplateAdd): Promise<string | null> {
  const result = await addTemplate(fields);
  if (!result.ok) return result.message;
  put(result.value.template);
  return null;
}

export async function editTemplate(id: string, patch: TemplatePatch): Promise<string | null> {
  const result = await changeTemplate(id, patch);
  if (!result.ok) return result.message;
  put(result.value.template);
  return null;
}

export async function removeTemplate(id: string): Promise<string | null> {
  const result = await deleteTemplate(id);
  if (!result.ok && result.status !== 404) return result.message;
  templates.value = (templates.value ?? []).filter((t) => t.id !== id);
  return null;
}

/** What a template's placeholders are filled from in this conversation. */
export function placeholderValues(conversation: ConversationSummary, agent: Agent): PlaceholderValues {
  return { visitor: { name: conversation.visitor.name, email: conversation.visitor.email }, agent: { name: agent.name }, site: { name: conversation.siteName } };
}

/** The draft with `template` filled in over text[start, end), and where the caret goes after it. */
export function insertTemplate(draft: string, range: { start: number; end: number }, template: MessageTemplate, values: PlaceholderValues): { text: string; caret: number } {
  const filled = fillTemplate(template.body, values);
  return { text: draft.slice(0, range.start) + filled + draft.slice(range.end), caret: range.start + filled.length };
}

export function resetTemplates(): void {
  templates.value = null;
  templatesError.value = null;
}
