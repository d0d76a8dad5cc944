/** The centred card the sign-in and setup pages share, and their labelled field. */
import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { strings } from '../strings.ts';

export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ComponentChildren }) {
  return (
    <main class="auth">
      <div class="auth-card">
        <p class="brand">{strings.common.brand}</p>
        <h1>{title}</h1>
        {intro && <p class="muted">{intro}</p>}
        {children}
      </div>
    </main>
  );
}

export function Field({ label, ...input }: { label: string } & InputHTMLAttributes) {
  return (
    <label class="field">
      <span>{label}</span>
      <input {...input} />
    </label>
  );
}

/** The form error, announced when it appears. */
export function FormError({ message }: { message: string | null }) {
  return message ? <p role="alert" class="form-error">{message}</p> : null;
}
