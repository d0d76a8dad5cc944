/** "Holds this text anywhere, in any case" for either SQL store: the text's own %, _ and \ are taken literally. */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

export function contains(column: SQLWrapper, text: string): SQL {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`lower(${column}) LIKE ${pattern} ESCAPE '\\'`;
}
