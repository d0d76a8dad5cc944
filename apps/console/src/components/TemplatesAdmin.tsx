/** Settings → Templates: the shared ones (admins change them) and the agent's own, each editable in place, and a form to add one. */
import { useEffect, useState } from 'preact/hooks';
import { type Agent, MAX_MESSAGE_LENGTH, MAX_SHORTCUT_LENGTH, type MessageTemplate } from '@parley/protocol';
import { createTemplate, editTemplate, loadTemplates, removeTemplate, templates, templatesError } from '../state/templates.ts';
import { Field, FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function TemplatesAdmin({ me }: { me: Agent }) {
  useEffect(() => void loadTemplates(), []);
  const all = templates.value;
  const admin = me.role === 'admin';
  return (
    <section aria-labelledby="templates-heading" class="templates-admin">
      <h2 id="templates-heading">{strings.templatesAdmin.templates}</h2>
      <p class="muted">
        {strings.templatesAdmin.intro}
      </p>
      <FormError message={templatesError.value} />
      {all === null ? (
        <p class="muted">{strings.templatesAdmin.loading}</p>
      ) : (
        <>
          <TemplateTable title={strings.templatesAdmin.shared} items={all.filter((t) => t.shared)} editable={admin} empty={admin ? strings.templatesAdmin.noShared : strings.templatesAdmin.noSharedAdmins} />
          <TemplateTable title={strings.templatesAdmin.mine} items={all.filter((t) => !t.shared)} editable empty={strings.templatesAdmin.noneOfYours} />
        </>
      )}
      <AddTemplate admin={admin} />
    </section>
  );
}

function TemplateTable({ title, items, editable, empty }: { title: string; items: MessageTemplate[]; editable: boolean; empty: string }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="outbox">
            <caption class="visually-hidden">{strings.templatesAdmin.caption(title)}</caption>
            <thead>
              <tr>
                <th scope="col">{strings.templatesAdmin.shortcut}</th>
                <th scope="col">{strings.templatesAdmin.text}</th>
                {editable && <th scope="col">{strings.templatesAdmin.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((template) => (
                <TemplateRow key={template.id} template={template} editable={editable} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function TemplateRow({ template, editable }: { template: MessageTemplate; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const problem = await editTemplate(template.id, { shortcut: String(data.get('shortcut') ?? ''), body: String(data.get('body') ?? '') });
    setError(problem);
    if (!problem) setEditing(false);
  }

  if (editing) {
    return (
      <tr class="template-row">
        <td colSpan={3}>
          <form class="auth-form" onSubmit={save} noValidate aria-label={strings.templatesAdmin.editTemplate(template.shortcut)}>
            <FormError message={error} />
            <Field label={strings.templatesAdmin.shortcut} name="shortcut" defaultValue={template.shortcut} maxLength={MAX_SHORTCUT_LENGTH} autocomplete="off" required />
            <BodyField initial={template.body} />
            <div class="actions">
              <button type="submit" class="primary">
                {strings.templatesAdmin.saveTemplate}
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                {strings.common.cancel}
              </button>
            </div>
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr class="template-row">
      <td>/{template.shortcut}</td>
      <td class="body">{template.body}</td>
      {editable && (
        <td>
          <button type="button" aria-label={strings.templatesAdmin.editTemplate(template.shortcut)} onClick={() => setEditing(true)}>
            {strings.templatesAdmin.edit}
          </button>{' '}
          <button type="button" aria-label={strings.templatesAdmin.deleteTemplate(template.shortcut)} onClick={async () => setError(await removeTemplate(template.id))}>
            {strings.templatesAdmin.delete}
          </button>
          <FormError message={error} />
        </td>
      )}
    </tr>
  );
}

/** Uncontrolled, like the form's other fields: read from the form on submit, so a refused save keeps what was typed. */
function BodyField({ initial }: { initial?: string }) {
  return (
    <label class="field">
      <span>{strings.templatesAdmin.text}</span>
      <textarea name="body" rows={3} maxLength={MAX_MESSAGE_LENGTH} defaultValue={initial} required />
    </label>
  );
}

function AddTemplate({ admin }: { admin: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    const problem = await createTemplate({ shortcut: String(data.get('shortcut') ?? ''), body: String(data.get('body') ?? ''), shared: data.get('shared') === 'on' });
    setBusy(false);
    setError(problem);
    if (!problem) form.reset();
  }

  return (
    <form class="auth-form add-agent" onSubmit={submit} noValidate aria-labelledby="add-template-heading">
      <h3 id="add-template-heading">{strings.templatesAdmin.newTemplate}</h3>
      <FormError message={error} />
      <Field label={strings.templatesAdmin.shortcut} name="shortcut" maxLength={MAX_SHORTCUT_LENGTH} autocomplete="off" placeholder={strings.templatesAdmin.shortcutExample} required />
      <BodyField />
      {admin && (
        <label class="check">
          <input type="checkbox" name="shared" />{strings.templatesAdmin.sharedWithEveryAgent}
        </label>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {strings.templatesAdmin.addTemplate}
      </button>
    </form>
  );
}
