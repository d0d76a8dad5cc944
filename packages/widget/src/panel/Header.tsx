/** The panel's header: the team's title, who answers (faces or initials, up to three), and when to expect a reply. */
import { httpUrl, initials, type WidgetAgent } from '@parley/protocol';
import { close } from '../chat.ts';
import { lang, t } from '../i18n.ts';
import { available, backAt, config } from '../state.ts';
import { backText, visitorLocale } from './when.ts';

const SHOWN_AGENTS = 3;

export function Header() {
  const agents = (config.value?.agents ?? []).slice(0, SHOWN_AGENTS);
  const until = backAt.value;
  return (
    <div class="head">
      {agents.length > 0 && (
        <div class="faces" aria-hidden="true">
          {agents.map((agent) => (
            <Face key={agent.name} agent={agent} />
          ))}
        </div>
      )}
      <div class="heading">
        <h2>{config.value?.title || t('title')}</h2>
        {agents.length > 0 && <p class="agents">{names(agents)}</p>}
        <p>{available.value ? t('replyTime') : until ? backText(until, Date.now(), visitorLocale()) : t('away')}</p>
      </div>
      <button type="button" aria-label={t('minimize')} onClick={close}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M5 11h14v2H5z" />
        </svg>
      </button>
    </div>
  );
}

/** A photo only from an http(s) address (anything else: the initials), fetched without telling its host which page asked. */
function Face({ agent }: { agent: WidgetAgent }) {
  const photo = agent.avatarUrl && httpUrl(agent.avatarUrl);
  if (photo) return <img class="face" src={photo} alt="" referrerpolicy="no-referrer" />;
  return <span class="face">{initials(agent.name)}</span>;
}


function names(agents: WidgetAgent[]): string {
  try {
    return new Intl.ListFormat(lang.value, { type: 'conjunction' }).format(agents.map((a) => a.name));
  } catch {
    return agents.map((a) => a.name).join(', ');
  }
}
