/** Message text from its tokens: text nodes, emphasis and safe anchors; text is never parsed as HTML. */
import { formatText, type TextToken } from '@parley/protocol';

export function MessageText({ text }: { text: string }) {
  return <p>{formatText(text).map(token)}</p>;
}

function token(part: TextToken) {
  switch (part.t) {
    case 'text':
      return part.text;
    case 'link':
      return (
        <a href={part.href} target="_blank" rel="noopener noreferrer nofollow">
          {part.text}
        </a>
      );
    case 'break':
      return <br />;
    case 'code':
      return <code>{part.text}</code>;
    case 'strong':
      return <strong>{part.children.map(token)}</strong>;
    case 'em':
      return <em>{part.children.map(token)}</em>;
  }
}
