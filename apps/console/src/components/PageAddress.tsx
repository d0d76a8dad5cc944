/** A visitor's page address: a link only when it is http(s); any other (stored before the edge refused them) is plain text. */
import { httpUrl } from '@parley/protocol';

export function PageAddress({ url }: { url: string }) {
  const href = httpUrl(url);
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" class="url">
      {url}
    </a>
  ) : (
    <span class="url">{url}</span>
  );
}
