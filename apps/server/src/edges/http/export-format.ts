/**
 * How an export is written: CSV (RFC 4180, one row a message) and JSON (an array, one conversation
 * a line), each as pieces of text written one after another, so nothing holds the whole file.
 */
import { EXPORT_CSV_COLUMNS, type ExportedConversation, type ExportFormat } from '@parley/protocol';

/**
 * A cell quoted when it must be (RFC 4180: a comma, quote or line break), and defused when a
 * spreadsheet would take it for a formula (OWASP: = + - @, tab and carriage return first): a
 * leading apostrophe makes it text.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvRow = (cells: ReadonlyArray<string | number | null>) => `${cells.map(csvCell).join(',')}\r\n`;

function csvRows(conversation: ExportedConversation): string {
  const { id, site, status, createdAt, customer } = conversation;
  return conversation.messages
    .map((m) => csvRow([id, site, status, createdAt, customer.name, customer.email, customer.phone, m.seq, m.at, m.author, m.authorName, m.event, m.text]))
    .join('');
}

export interface ExportWriter {
  contentType: string;
  extension: string;
  /** What goes before the first conversation. */
  start: string;
  /** A conversation's text; `first`: nothing was written before it. */
  conversation(conversation: ExportedConversation, first: boolean): string;
  end: string;
}

export const EXPORT_WRITERS: Record<ExportFormat, ExportWriter> = {
  csv: {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    // The byte order mark tells spreadsheets the file is UTF-8.
    start: `\uFEFF${csvRow(EXPORT_CSV_COLUMNS)}`,
    conversation: (conversation) => csvRows(conversation),
    end: '',
  },
  json: {
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    start: '[',
    conversation: (conversation, first) => `${first ? '' : ','}\n${JSON.stringify(conversation)}`,
    end: '\n]\n',
  },
};
