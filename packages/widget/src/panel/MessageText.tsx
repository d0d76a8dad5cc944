/** Message text with its links as anchors: text is never parsed as HTML. */
import { linkify } from '@parley/protocol';

export function MessageText({ text }: { text: string }) {
  return (
    <p>
      {linkify(text).map((part) =>
        part.href ? (
          <a href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
