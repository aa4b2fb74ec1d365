import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { IMPORT_FIELDS, type ImportMappingError } from './register.js';

/** A mapping error in staff's words: fields by their label, the file's headers when a header is unknown. */
export function mappingErrorText(ctx: { render: (t: Text) => string }, error: ImportMappingError, headers: readonly string[]): string {
  const label = (f: string) => ctx.render(text(`import.map.field.${f}`));
  const fields: readonly string[] = IMPORT_FIELDS;
  const detail = error.detail.map((f) => (error.reason !== 'header_unknown' && error.reason !== 'field_unknown' && fields.includes(f) ? label(f) : f)).join(', ');
  return ctx.render(text(`import.map.error.${error.reason}`, { detail, headers: headers.join(', '), fields: IMPORT_FIELDS.join(', ') }));
}
