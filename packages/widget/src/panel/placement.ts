/** Where the site puts the widget (left or right, and how far from the corner), as the panel's and preview's attributes; panel.css places them. */
import { config } from '../state.ts';

export function placement(): { 'data-side': string; style: Record<string, string> } {
  const { position = 'right', offsetX = 20, offsetY = 20 } = config.value ?? {};
  return { 'data-side': position, style: { '--side-x': `${offsetX}px`, '--side-y': `${offsetY}px` } };
}
