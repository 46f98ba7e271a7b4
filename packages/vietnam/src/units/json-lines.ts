export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(line: number, column: number, message: string) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = "JsonSyntaxError";
    this.line = line;
    this.column = column;
  }
}

export interface LocatedJson {
  readonly value: unknown;
  /** The lines on which the elements of an array found in `value` begin, by index. */
  elementLines(array: readonly unknown[]): readonly number[] | undefined;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * JSON.parse with positions: the same values (duplicate keys: the last wins), plus the line of
 * every array element, so that an importer can say which line a bad row is on.
 */
export function parseJsonWithLines(text: string): LocatedJson {
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const lines = new WeakMap<readonly unknown[], number[]>();

  const fail = (message: string): never => {
    throw new JsonSyntaxError(line, index - lineStart + 1, message);
  };
  const describe = () =>
    index < text.length ? JSON.stringify(text[index]) : "the end of the text";

  function skipWhitespace(): void {
    for (
      let character = text[index];
      character !== undefined && " \t\n\r".includes(character);
      character = text[index]
    ) {
      index += 1;
      if (character === "\n") {
        line += 1;
        lineStart = index;
      }
    }
  }

  function expect(character: string): void {
    if (text[index] !== character)
      fail(`expected ${JSON.stringify(character)} but found ${describe()}`);
    index += 1;
  }

  function parseString(): string {
    expect('"');
    let result = "";
    for (;;) {
      const character = text[index];
      if (character === undefined) return fail("a string is never closed");
      if (character < " ")
        fail("a control character (such as a line break) inside a string must be escaped");
      index += 1;
      if (character === '"') return result;
      if (character !== "\\") {
        result += character;
        continue;
      }
      const escaped = text[index] ?? "";
      index += 1;
      if (escaped === "u") {
        const hex = text.slice(index, index + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`\\u must be followed by four hexadecimal digits`);
        result += String.fromCharCode(Number.parseInt(hex, 16));
        index += 4;
      } else {
        result += ESCAPES[escaped] ?? fail(`unknown escape \\${escaped}`);
      }
    }
  }

  function parseValue(): unknown {
    skipWhitespace();
    const character = text[index];
    if (character === "{") return parseObject();
    if (character === "[") return parseArray();
    if (character === '"') return parseString();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, index)) {
        index += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = index;
    const number = NUMBER.exec(text);
    if (number === null) return fail(`expected a value but found ${describe()}`);
    index += number[0].length;
    return Number(number[0]);
  }

  function parseArray(): unknown[] {
    expect("[");
    const array: unknown[] = [];
    const elementLines: number[] = [];
    lines.set(array, elementLines);
    skipWhitespace();
    if (text[index] === "]") {
      index += 1;
      return array;
    }
    for (;;) {
      skipWhitespace();
      elementLines.push(line);
      array.push(parseValue());
      skipWhitespace();
      if (text[index] === "]") {
        index += 1;
        return array;
      }
      expect(",");
    }
  }

  function parseObject(): Record<string, unknown> {
    expect("{");
    const object: Record<string, unknown> = {};
    skipWhitespace();
    if (text[index] === "}") {
      index += 1;
      return object;
    }
    for (;;) {
      skipWhitespace();
      const name = parseString();
      skipWhitespace();
      expect(":");
      // defineProperty, not assignment: a key "__proto__" is data, as with JSON.parse.
      Object.defineProperty(object, name, {
        value: parseValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      skipWhitespace();
      if (text[index] === "}") {
        index += 1;
        return object;
      }
      expect(",");
    }
  }

  if (text.startsWith("\uFEFF")) index = 1;
  const value = parseValue();
  skipWhitespace();
  if (index < text.length) fail(`unexpected ${describe()} after the JSON value`);
  return { value, elementLines: (array) => lines.get(array) };
}
