/**
 * Keeps what the sender wrote in an email reply: drops quoted history, attribution lines,
 * forwarded-header blocks and signatures. One pass over the lines, no backtracking-prone regex
 * over the whole text, so a large mail costs linear time.
 */

/** A reply worth posting sits at the top; past this many characters there is only history. */
const MAX_INPUT = 64 * 1024;
/** An attribution ("On …, Ann <a@b> wrote:") is wrapped over at most this many lines. */
const ATTRIBUTION_LINES = 3;
const ATTRIBUTION_MAX_LENGTH = 400;
/** Lines after "From:" that may hold the "Sent:"/"Date:" line of an Outlook-style header block. */
const HEADER_BLOCK_LINES = 4;

const QUOTED = /^\s*>/;
const BLANK = /^\s*$/;
/** Opening words of an attribution line, per language; the full pattern is checked only after one. */
const ATTRIBUTION_START = /^(On|Le|Am|El|Op|Il|Em)\s/;
const ATTRIBUTION = [
  /^On\s.+\swrote:$/, // On Tue, 3 Jun 2025 at 14:02, Ann <ann@example.com> wrote:
  /^Le\s.+\sa écrit\s?:$/, // Le mar. 3 juin 2025 à 14:02, Ann <…> a écrit :
  /^Am\s.+\sschrieb\s.*:$/, // Am 03.06.2025 um 14:02 schrieb Ann <…>:
  /^El\s.+\sescribió:$/, // El mar, 3 jun 2025 a las 14:02, Ann (<…>) escribió:
  /^Op\s.+\sschreef\s.*:$/, // Op di 3 jun 2025 om 14:02 schreef Ann <…>:
  /^Il\s.+\sha scritto:$/, // Il giorno mar 3 giu 2025 alle ore 14:02 Ann <…> ha scritto:
  /^Em\s.+\sescreveu:$/, // Em ter., 3 de jun. de 2025 às 14:02, Ann <…> escreveu:
];
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht|Messaggio originale|Mensagem original)\s*-{2,}$/i;
/** Outlook and forwarded headers, "*From:*" when bold survived an HTML-to-text conversion. */
const HEADER_FROM = /^\*?(From|Von|De|Van|Da|Från|Fra)\s?:\*?\s*\S/i;
const HEADER_SENT = /^\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato|Data|Skickat|Sendt)\s?:\*?\s*\S/i;
/** "-- " is the standard signature separator; many clients drop its trailing space. */
const SIGNATURE_SEPARATOR = /^--\s?$/;
const MOBILE_SIGNATURE =
  /^(Sent from my \S.{0,40}|Sent from (Mail|Outlook|Yahoo Mail|Proton Mail)\b.{0,40}|Sent with Proton Mail.{0,40}|Get Outlook for \S.{0,30}|Envoyé de mon \S.{0,30}|Von meinem \S.{0,30} gesendet|Enviado desde mi \S.{0,30}|Verstuurd vanaf mijn \S.{0,30}|Inviato da(l mio)? \S.{0,30})$/i;
/** What is left of a separator line ("____", "-----", from Outlook or an <hr>) above a cut. */
const SEPARATOR_LINE = /^[-_=*~\s]{2,}$/;

/** The reply text without history and signature; empty when nothing but quotes was written. */
export function stripReply(text: string): string {
  const lines = text.slice(0, MAX_INPUT).replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (QUOTED.test(line)) continue;
    const attribution = attributionEnd(lines, i);
    if (attribution !== -1) {
      // Above a quote (Gmail, Apple Mail, Thunderbird) the attribution goes and reading goes on,
      // so a reply written below or between quotes is kept; above unquoted history it ends the reply.
      const next = nextNonBlank(lines, attribution + 1);
      if (next !== -1 && QUOTED.test(lines[next]!)) {
        i = attribution;
        continue;
      }
      break;
    }
    if (ORIGINAL_MESSAGE.test(line) || isHeaderBlock(lines, i) || SIGNATURE_SEPARATOR.test(line) || MOBILE_SIGNATURE.test(line)) break;
    kept.push(lines[i]!.trimEnd());
  }
  return tidy(kept);
}

/** The index of the last line of an attribution starting at `start`, or -1 when none starts there. */
function attributionEnd(lines: string[], start: number): number {
  if (!ATTRIBUTION_START.test(lines[start]!.trim())) return -1;
  let joined = '';
  for (let end = start; end < Math.min(lines.length, start + ATTRIBUTION_LINES); end++) {
    joined = `${joined} ${lines[end]!.trim()}`.trim();
    if (joined.length > ATTRIBUTION_MAX_LENGTH) return -1;
    // Every client writes a date or time into it; requiring a digit spares sentences like "On second thought I wrote:".
    // Checking the final colon first keeps the patterns' backtracking linear.
    if (joined.endsWith(':') && /\d/.test(joined) && ATTRIBUTION.some((pattern) => pattern.test(joined))) return end;
  }
  return -1;
}

/** "From: …" followed closely by "Sent: …" or "Date: …": the header block Outlook puts above history. */
function isHeaderBlock(lines: string[], start: number): boolean {
  if (!HEADER_FROM.test(lines[start]!.trim())) return false;
  const end = Math.min(lines.length, start + 1 + HEADER_BLOCK_LINES);
  for (let i = start + 1; i < end; i++) if (HEADER_SENT.test(lines[i]!.trim())) return true;
  return false;
}

function nextNonBlank(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!BLANK.test(lines[i]!)) return i;
  return -1;
}

/** Drops separator and blank lines left at the end, blank lines at the start, and runs of blank lines. */
function tidy(lines: string[]): string {
  while (lines.length > 0 && (BLANK.test(lines.at(-1)!) || SEPARATOR_LINE.test(lines.at(-1)!))) lines.pop();
  const out: string[] = [];
  for (const line of lines) {
    const blank = BLANK.test(line);
    if (blank && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(blank ? '' : line);
  }
  return out.join('\n');
}
