/**
 * The "Templates" listbox under the reply box: the templates matching what follows `/`, one
 * active. The reply box keeps the focus (it points at the active option), so typing goes on filtering.
 */
import type { MessageTemplate } from '@parley/protocol';
import { strings } from '../strings.ts';

export const pickerId = (conversationId: string) => `templates-${conversationId}`;
export const optionId = (conversationId: string, index: number) => `${pickerId(conversationId)}-${index}`;

interface Props {
  conversationId: string;
  matches: readonly MessageTemplate[];
  active: number;
  /** False until the list has loaded once. */
  loaded: boolean;
  pick(template: MessageTemplate): void;
}

export function TemplatePicker({ conversationId, matches, active, loaded, pick }: Props) {
  return (
    <div class="template-picker">
      <ul id={pickerId(conversationId)} role="listbox" aria-label={strings.templatePicker.templates}>
        {matches.map((template, index) => (
          <li
            key={template.id}
            id={optionId(conversationId, index)}
            role="option"
            aria-selected={index === active}
            class={index === active ? 'active' : undefined}
            // The reply box keeps the focus: a click must not blur it before it inserts.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(template)}
          >
            <span class="template-shortcut">/{template.shortcut}</span>
            <span class="template-body">{template.body}</span>
            {!template.shared && <span class="muted">{strings.templatePicker.mine}</span>}
          </li>
        ))}
      </ul>
      {matches.length === 0 && <p class="muted">{loaded ? strings.templatePicker.noMatch : strings.templatePicker.loading}</p>}
    </div>
  );
}
