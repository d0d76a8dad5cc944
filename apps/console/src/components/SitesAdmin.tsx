/** Settings → Sites, for admins: one form with every setting of the chosen site, its secret and its embed snippet. */
import { useEffect, useState } from 'preact/hooks';
import type { SiteAdminView } from '@parley/protocol';
import { choiceLabel, type FieldName, fieldHelp, fieldKind, fieldLabel, GROUPS, MORE } from '../lib/site-form.ts';
import { teams } from '../state/agents.ts';
import { chooseSite, chosenSite, editedSite, formValues, loadSites, newSecret, saveSite, sitesState } from '../state/site-settings.ts';
import { FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function SitesAdmin() {
  const { items, loadError } = sitesState.value;
  const site = chosenSite.value;
  useEffect(() => void loadSites(), []);
  return (
    <section aria-labelledby="sites-heading" class="sites-admin">
      <h2 id="sites-heading">{strings.sitesAdmin.sites}</h2>
      <FormError message={loadError} />
      {items === null ? (
        <p class="muted">{strings.common.loading}</p>
      ) : site === null ? (
        <p class="muted">{strings.sitesAdmin.none}</p>
      ) : (
        <>
          {items.length > 1 && (
            <label class="field inline">
              <span>{strings.common.site}</span>
              <select value={site.key} onChange={(event) => chooseSite(event.currentTarget.value)}>
                {items.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Embed site={site} />
          {/* Keyed by site: another site's form starts from its own values. */}
          <SiteForm key={site.key} site={site} />
        </>
      )}
    </section>
  );
}

function Embed({ site }: { site: SiteAdminView }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(site.embed);
      setCopied(strings.sitesAdmin.copied);
    } catch {
      setCopied(strings.sitesAdmin.copyRefused);
    }
  };
  return (
    <div class="embed">
      <p>{strings.sitesAdmin.embedIntro}</p>
      <code class="snippet">
        {site.embed}
      </code>
      <button type="button" onClick={() => void copy()}>
        {strings.sitesAdmin.copy}
      </button>
      <span role="status" class="muted">
        {copied}
      </span>
    </div>
  );
}

function SiteForm({ site }: { site: SiteAdminView }) {
  // What the form was filled from: a save sends what the admin changed since, nothing else.
  const [filledFrom, setFilledFrom] = useState(site);
  const [values, setValues] = useState(() => formValues(site));
  const { saving, problems, savedAt } = sitesState.value;
  const set = (name: FieldName, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    editedSite();
  };
  const groups = MORE.length > 0 ? [...GROUPS, { title: strings.sitesAdmin.more, fields: MORE }] : GROUPS;
  return (
    <form
      class="site-form"
      aria-label={strings.sitesAdmin.siteSettings}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        void saveSite(filledFrom, values).then((saved) => {
          // Refused: the first field the server named takes focus, its words read with it.
          if (!saved) return void setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
          setFilledFrom(saved);
          setValues(formValues(saved));
        });
      }}
    >
      {groups.map((group) => (
        <fieldset key={group.title}>
          <legend>{group.title}</legend>
          {group.title === strings.siteForm.groups.identity && <Secret site={site} />}
          {group.fields.map((name) => (
            <SettingField key={name} name={name} value={values[name] ?? ''} problem={problems[name]} onInput={(value) => set(name, value)} />
          ))}
        </fieldset>
      ))}
      <FormError message={problems._ ?? (Object.keys(problems).length > 0 ? strings.sitesAdmin.notSaved : null)} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={saving}>
          {strings.common.save}
        </button>
        <span role="status" class="saved">
          {savedAt !== null && strings.sitesAdmin.saved}
        </span>
      </div>
    </form>
  );
}

function SettingField({ name, value, problem, onInput }: { name: FieldName; value: string; problem: string | undefined; onInput: (value: string) => void }) {
  const id = `site-${name}`;
  const label = fieldLabel(name);
  const described = `${id}-help${problem ? ` ${id}-problem` : ''}`;
  const common = { id, 'aria-describedby': described, 'aria-invalid': problem ? true : undefined };
  const kind = fieldKind(name);
  let input;
  switch (kind.kind) {
    case 'switch':
      return (
        <div class="field switch-field">
          <label>
            <input type="checkbox" role="switch" {...common} checked={value === 'on'} onChange={(event) => onInput(event.currentTarget.checked ? 'on' : 'off')} />
            <span>{label}</span>
          </label>
          <Help id={id} name={name} problem={problem} />
        </div>
      );
    case 'multiline':
      input = <textarea {...common} rows={name === 'origins' ? 2 : 3} value={value} onInput={(event) => onInput(event.currentTarget.value)} />;
      break;
    case 'choice':
      input = (
        <select {...common} value={value} onChange={(event) => onInput(event.currentTarget.value)}>
          {kind.options.map((option) => (
            <option key={option} value={option}>
              {choiceLabel(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'team':
      input = (
        <select {...common} value={value} onChange={(event) => onInput(event.currentTarget.value)}>
          <option value="">{strings.sitesAdmin.everyAgent}</option>
          {teams.value.map((team) => (
            <option key={team.name} value={team.name}>
              {team.name}
            </option>
          ))}
          {value && !teams.value.some((team) => team.name === value) && <option value={value}>{value}</option>}
        </select>
      );
      break;
    case 'colour':
      input = (
        <span class="colour-input">
          <input
            type="color"
            aria-label={strings.sitesAdmin.colourPicker}
            value={/^#[0-9a-f]{6}$/i.test(value) ? value : '#000000'}
            onInput={(event) => onInput(event.currentTarget.value)}
          />
          <input type="text" {...common} value={value} spellcheck={false} onInput={(event) => onInput(event.currentTarget.value)} />
        </span>
      );
      break;
    default:
      input = <input type="text" inputMode={kind.kind === 'number' ? 'numeric' : undefined} {...common} value={value} onInput={(event) => onInput(event.currentTarget.value)} />;
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {input}
      <Help id={id} name={name} problem={problem} />
    </div>
  );
}

function Help({ id, name, problem }: { id: string; name: FieldName; problem: string | undefined }) {
  return (
    <>
      <small id={`${id}-help`} class="muted">
        {fieldHelp(name)}
      </small>
      {problem && (
        <p id={`${id}-problem`} role="alert" class="form-error">
          {problem}
        </p>
      )}
    </>
  );
}

/** Hidden until revealed; then a read-only box, selected on focus, to copy from (one "Copy" on the page: the snippet's). */
function Secret({ site }: { site: SiteAdminView }) {
  const [shown, setShown] = useState(false);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="field secret">
      <label for="site-secret">{strings.sitesAdmin.secret}</label>
      <span class="secret-actions">
        <input
          id="site-secret"
          // Never a password field: the browser would offer to save it with every Save.
          type="text"
          readOnly
          value={shown ? site.secret : '•'.repeat(24)}
          spellcheck={false}
          aria-describedby="site-secret-help"
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {strings.sitesAdmin.revealSecret}
        </button>
        <button type="button" aria-expanded={asking} onClick={() => setAsking(!asking)}>
          {strings.sitesAdmin.newSecret}
        </button>
      </span>
      <small id="site-secret-help" class="muted">
        {strings.sitesAdmin.secretHelp}
      </small>
      {asking && (
        <p class="secret-confirm">
          {strings.sitesAdmin.secretWarning}{' '}
          <button
            type="button"
            class="danger"
            onClick={() =>
              void newSecret(site.key).then((problem) => {
                setError(problem);
                if (problem) return;
                setAsking(false);
                setShown(true);
              })
            }
          >
            {strings.sitesAdmin.makeNewSecret}
          </button>
        </p>
      )}
      <FormError message={error} />
    </div>
  );
}
