/** Message text from its tokens as text nodes, emphasis and safe anchors, never as HTML. */
import { formatText, type TextToken } from '@parley/protocol';

export function MessageText({ text }: { text: string }) {
  return <>{formatText(text).map(token)}</>;
}

function token(part: TextToken, index: number) {
  switch (part.t) {
    case 'text':
      return part.text;
    case 'link':
      return (
        <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
          {part.text}
        </a>
      );
    case 'break':
      return <br key={index} />;
    case 'code':
      return <code key={index}>{part.text}</code>;
    case 'strong':
      return <strong key={index}>{part.children.map(token)}</strong>;
    case 'em':
      return <em key={index}>{part.children.map(token)}</em>;
  }
}
