/**
 * While the chat is minimized and a message waits unread: the page title flashes, and a short beep
 * sounds if the site wants it. Loaded with the panel, which comes with any unseen message.
 */
import { guard } from './guard.ts';
import { t } from './i18n.ts';
import { config, isOpen, ownTitle, preview, unread } from './store.ts';

const FLASH_MS = 1000;
let flashing: ReturnType<typeof setInterval> | undefined;
let audio: AudioContext | undefined;

export function watchMinimized(): void {
  unread.watch(flash);
  flash();
  preview.watch((message) => message && !isOpen.value && config.value?.sound && beep());
}

/** "(1) New message" and the page's own title in turn while anything is unread; the page's title back once it is read. */
function flash(): void {
  if (!unread.value) {
    clearInterval(flashing);
    flashing = undefined;
    if (ownTitle.value !== null) document.title = ownTitle.value;
    ownTitle.value = null;
    return;
  }
  if (flashing) return;
  ownTitle.value = document.title;
  let on = false;
  flashing = setInterval(
    guard(() => {
      const ours = `(${unread.value}) ${t('newMessage')}`;
      // The page changed its own title meanwhile (a single-page app's route): that is the one to restore.
      if (document.title !== ours && document.title !== ownTitle.value) ownTitle.value = document.title;
      on = !on;
      document.title = on ? ours : ownTitle.value!;
    }),
    FLASH_MS,
  );
}

/** A 0.2 s tone made on the spot: no sound file to download. Browsers may refuse audio before the visitor interacted: then silence. */
function beep(): void {
  try {
    const context = (audio ??= new AudioContext());
    const tone = context.createOscillator();
    const volume = context.createGain();
    const now = context.currentTime;
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.15, now);
    volume.gain.exponentialRampToValueAtTime(0.001, now + 0.2);
    tone.connect(volume).connect(context.destination);
    tone.start(now);
    tone.stop(now + 0.2);
  } catch {
    // No Web Audio here: the badge and the title still tell.
  }
}
