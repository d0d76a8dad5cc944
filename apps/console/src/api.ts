/** The console's HTTP API: every call resolves to a result value, never throws. */
import type { Agent, AgentAccount, AgentPatch, AgentRole, ApiError, CustomerDetails, CustomerListItem, CustomerRecord, HistoryPage, LogEntry, LogEntryInput, Message, MessageTemplate, OutboxItem, OutreachResult, PendingMessage, SiteAdminView, Team, TeamAdd, TeamMode, TemplateAdd, TemplatePatch } from '@parley/protocol';
import { MY_AVATAR_PATH, UPLOAD_CONTENT_TYPE } from '@parley/protocol';
import { strings } from './strings.ts';

export type ApiResult<T> =
  | { ok: true; value: T }
  /** `status` 0: the server could not be reached. */
  | { ok: false; status: number; code: string; message: string; fields?: Record<string, string> };

async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> {
  return send(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function send<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, code: 'network', message: strings.errors.unreachable };
  }
  return result(response);
}

async function result<T>(response: Response): Promise<ApiResult<T>> {
  const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, value: data as T };
  const error = (data as Partial<ApiError> | null)?.error;
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? 'http',
    message: error?.message ?? strings.errors.serverAnswered(response.status),
    ...(error?.fields && { fields: error.fields }),
  };
}

export const getMe = () => request<{ agent: Agent }>('GET', '/api/me');

/** The signed-in agent's photo: the server checks the bytes (PNG, JPEG or WebP, at most AVATAR_MAX_BYTES). */
export const putAvatar = (image: Blob) =>
  send<{ agent: Agent }>(MY_AVATAR_PATH, { method: 'PUT', headers: { 'content-type': UPLOAD_CONTENT_TYPE }, body: image });

export const removeAvatar = () => request<{ agent: Agent }>('DELETE', MY_AVATAR_PATH);

export const login = (email: string, password: string) =>
  request<{ agent: Agent }>('POST', '/api/login', { email, password });

export const logout = () => request<null>('POST', '/api/logout');

export const checkSetupToken = (token: string) =>
  request<{ ok: true }>('GET', `/api/setup?token=${encodeURIComponent(token)}`);

export const setup = (fields: { token: string; email: string; name: string; password: string }) =>
  request<{ agent: Agent }>('POST', '/api/setup', fields);

/** Admins only; by name. */
export const getAgents = () => request<{ agents: AgentAccount[] }>('GET', '/api/agents');

/** Admins only; as `pnpm parley agent add` does. */
export const addAgent = (fields: { email: string; name: string; password: string; role: AgentRole; teams: string[] }) =>
  request<{ agent: AgentAccount }>('POST', '/api/agents', fields);

/** Admins only; disabling ends every session and console of that agent, a new role or teams reopen its consoles. */
export const changeAgent = (agentId: string, change: AgentPatch) =>
  request<{ agent: AgentAccount }>('PATCH', `/api/agents/${encodeURIComponent(agentId)}`, change);

/** Admins only; as `pnpm parley team add` does. */
export const addTeam = (team: TeamAdd) => request<{ team: Team }>('POST', '/api/teams', team);

/** Admins only; as `pnpm parley team set NAME --mode` does. */
export const setTeamMode = (name: string, mode: TeamMode) =>
  request<{ team: Team }>('PATCH', `/api/teams/${encodeURIComponent(name)}`, { mode });

/** Admins only: every site with its secret, embed snippet and settings. */
export const getSites = () => request<{ sites: SiteAdminView[] }>('GET', '/api/sites');

/** Admins only; NAME → VALUE as `pnpm parley site set` reads them, taken whole or not at all (`fields`: each field's problem). */
export const changeSite = (key: string, changes: Record<string, string>) =>
  request<{ site: SiteAdminView }>('PATCH', `/api/sites/${encodeURIComponent(key)}`, changes);

/** Admins only: the site's identify hmacs need the new secret from now on. */
export const rotateSiteSecret = (key: string) => request<{ site: SiteAdminView }>('POST', `/api/sites/${encodeURIComponent(key)}/secret`);

/** Admins only; newest first. */
export const getOutbox = () => request<{ items: OutboxItem[] }>('GET', '/api/mail');

/** Now (the widget if the customer is online, else email), or with `sendAt` (epoch ms) scheduled. */
export const writeToCustomer = (visitorId: string, body: { clientId: string; text: string; sendAt?: number }) =>
  request<OutreachResult>('POST', `/api/visitors/${encodeURIComponent(visitorId)}/messages`, body);

/** The agent's scheduled messages still pending; an admin gets everyone's. Soonest first. */
export const getPendingMessages = () => request<{ items: PendingMessage[] }>('GET', '/api/pending-messages');

export const cancelPendingMessage = (id: string) => request<{ item: PendingMessage }>('POST', `/api/pending-messages/${encodeURIComponent(id)}/cancel`);
/** A page of History's search; `params` from historySearchParams (with `after` for the next page). */
export const searchHistory = (params: URLSearchParams) => request<HistoryPage>('GET', `/api/history?${params}`);

/** A conversation's transcript, read-only (History opens closed ones too): the latest page, or the one before `before`. */
export const getTranscript = (conversationId: string, before?: number) =>
  request<{ messages: Message[]; older: boolean }>('GET', `/api/conversations/${encodeURIComponent(conversationId)}/messages${before ? `?before=${before}` : ''}`);
/** The shared templates and this agent's own, by shortcut. */
export const getTemplates = () => request<{ templates: MessageTemplate[] }>('GET', '/api/templates');

/** Shared ones by admins only. */
export const addTemplate = (fields: TemplateAdd) => request<{ template: MessageTemplate }>('POST', '/api/templates', fields);

export const changeTemplate = (id: string, patch: TemplatePatch) => request<{ template: MessageTemplate }>('PATCH', `/api/templates/${encodeURIComponent(id)}`, patch);

export const deleteTemplate = (id: string) => request<null>('DELETE', `/api/templates/${encodeURIComponent(id)}`);

/** "Send call link": the invitation message, stored once per clientId. */
export const sendCall = (conversationId: string, clientId: string) => request<{ message: Message }>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/call`, { clientId });
/** Customers on the sites this agent sees, newest first; `after`: the previous page's `next`. */
export const searchCustomers = (q: string, after: string | null) =>
  request<{ customers: CustomerListItem[]; next: string | null }>('GET', `/api/customers?${new URLSearchParams({ q, ...(after ? { after } : {}) })}`);

/** A linked visitor's id answers with its customer. */
export const getCustomer = (id: string) => request<{ customer: CustomerRecord }>('GET', `/api/customers/${encodeURIComponent(id)}`);

export const changeCustomer = (id: string, details: CustomerDetails) => request<{ customer: CustomerRecord }>('PATCH', `/api/customers/${encodeURIComponent(id)}`, details);

export const addLogEntry = (id: string, entry: LogEntryInput) => request<{ entry: LogEntry }>('POST', `/api/customers/${encodeURIComponent(id)}/log`, entry);

/** The visitor is the customer `customerId` on another device. */
export const linkVisitor = (customerId: string, visitorId: string) =>
  request<{ customer: CustomerRecord }>('POST', `/api/customers/${encodeURIComponent(customerId)}/link`, { visitorId });
