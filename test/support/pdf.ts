// The text a PDF's content streams show, for tests: pdfkit writes it as hex strings in TJ
// arrays (uncompressed when the document is made with `compress: false`, as the attendance
// sheet is). Enough to check a title or a name is on the page, without a PDF tool installed.
export function pdfText(pdf: Buffer): string {
  const body = pdf.toString('latin1');
  return [...body.matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((m) => [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''))
    .join('\n');
}
