/** A file in a message: an image as a thumbnail linking to it full size, anything else as a download with its size; and this agent's uploads under way. */
import { FILES_PATH, humanSize, type Attachment as File } from '@parley/protocol';
import { dismissUpload, uploads } from '../state/uploads.ts';
import { strings } from '../strings.ts';

export function Attachment({ attachment }: { attachment: File }) {
  const url = `${FILES_PATH}/${encodeURIComponent(attachment.id)}`;
  if (!attachment.image) {
    return (
      <p class="file">
        <a href={url} download={attachment.name}>
          {attachment.name}
        </a>{' '}
        <span class="file-size">{humanSize(attachment.size)}</span>
      </p>
    );
  }
  return (
    <a class="thumb" href={url} target="_blank" rel="noopener">
      <img alt={attachment.name} src={url} width={attachment.width} height={attachment.height} />
    </a>
  );
}

export function Uploads({ conversationId }: { conversationId: string }) {
  const mine = uploads.value.filter((u) => u.conversationId === conversationId);
  if (mine.length === 0) return null;
  return (
    <ul class="uploads">
      {mine.map((u) => (
        <li key={u.clientId} class={u.error ? 'failed' : undefined}>
          <span>{u.name}</span>
          {u.error ? (
            <>
              <span class="error" role="alert">
                {strings.common.notSent(u.error)}
              </span>
              <button type="button" class="link" onClick={() => dismissUpload(u.clientId)}>
                {strings.attachment.dismiss}
              </button>
            </>
          ) : (
            <progress max={1} value={u.progress} aria-label={strings.attachment.uploading(u.name)} />
          )}
        </li>
      ))}
    </ul>
  );
}
