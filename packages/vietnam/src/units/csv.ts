/** One CSV record and the line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes with "" for a quote inside,
 * LF or CRLF line ends, an optional UTF-8 byte order mark (spreadsheets write one). Blank lines
 * are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;

  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };

  for (let index = 0; index < source.length; index += 1) {
    const character = source[index];
    if (quoted) {
      if (character === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
        const after = source[index + 1];
        if (after !== undefined && after !== "," && after !== "\n" && after !== "\r") {
          throw new CsvSyntaxError(
            line,
            `a closing quote must end the field (found ${JSON.stringify(after)} after it)`,
          );
        }
      } else {
        if (character === "\n") line += 1;
        field += character;
      }
    } else if (character === '"') {
      if (field !== "")
        throw new CsvSyntaxError(
          line,
          "a quote may only open a field, not appear inside an unquoted one",
        );
      quoted = true;
      quoteLine = line;
    } else if (character === ",") {
      fields.push(field);
      field = "";
    } else if (character === "\n" || character === "\r") {
      if (character === "\r" && source[index + 1] === "\n") index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += character;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, "a quoted field is never closed");
  endRecord();
  return records;
}
