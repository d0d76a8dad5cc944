/** A file in a message: an image as a thumbnail (full size on click, in a tab of its own), anything else as a download link with its size. */
import { humanSize, type Attachment as File } from '@parley/protocol';
import { useEffect, useState } from 'preact/hooks';
import { dismissUpload, fileUrl, uploads } from '../files.ts';
import { t } from '../i18n.ts';

export function Attachment({ attachment }: { attachment: File }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!attachment.image) return;
    let live = true;
    fileUrl(attachment).then((u) => live && setUrl(u), () => undefined);
    return () => {
      live = false;
    };
  }, [attachment.id]);

  if (!attachment.image) {
    const download = (event: MouseEvent) => {
      event.preventDefault();
      void fileUrl(attachment).then((u) => {
        const a = document.createElement('a');
        a.href = u;
        a.download = attachment.name;
        a.click();
      }, () => undefined);
    };
    return (
      <p class="file">
        <a href="#" download={attachment.name} onClick={download}>
          {attachment.name}
        </a>{' '}
        <span class="size">{humanSize(attachment.size)}</span>
      </p>
    );
  }
  // A link to the blob opens it full size in a tab of its own.
  return (
    <a class="thumb" href={url ?? undefined} target="_blank" rel="noopener">
      <img alt={attachment.name} src={url ?? undefined} width={attachment.width} height={attachment.height} />
    </a>
  );
}

/** The visitor's files on their way: progress, or the server's reason for refusing one. */
export function Uploads() {
  return (
    <>
      {uploads.value.map((u) => (
        <div key={u.clientId} class={`msg visitor ${u.error ? 'failed' : 'pending'}`}>
          <p>{u.name}</p>
          {u.error ? (
            <span class="error" role="alert">
              {u.error} <button type="button" onClick={() => dismissUpload(u.clientId)}>
                {t('dismiss')}
              </button>
            </span>
          ) : (
            <progress max={1} value={u.progress} aria-label={t('uploading', { name: u.name })} />
          )}
        </div>
      ))}
    </>
  );
}
