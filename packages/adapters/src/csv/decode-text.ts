/**
 * Decodes a whole text file once: UTF-8 with or without BOM, GB18030 (which covers GBK and
 * GB2312, the encodings of Chinese Excel's "CSV" export), or UTF-16 with a BOM (Excel's
 * "Unicode text"). Detection is exact for UTF-8: a file that is valid UTF-8 is read as UTF-8,
 * anything else as GB18030.
 */
import { isUtf8 } from 'node:buffer';
import { AdapterError } from '../adapter-error.js';

/** The encodings a text file may be read with. */
export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** `auto` detects (BOM, then UTF-8 validity, else GB18030). */
export type TextEncodingOption = 'auto' | TextEncodingName;

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
}

function decodeWith(encoding: TextEncodingName, bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    if (/string (length|longer)/i.test(e instanceof Error ? e.message : '')) {
      throw new AdapterError('UNREADABLE', `${file}: the file is too large to read as one text (${bytes.length} bytes); split it or load it from a database`, { file }, { cause: e });
    }
    throw new AdapterError('MALFORMED', `${file}: the file is not valid ${encoding.toUpperCase()} text`, { file }, { cause: e });
  }
}

/**
 * Decodes a file's bytes. A leading BOM is removed.
 *
 * @example
 * ```ts
 * const { text, encoding } = decodeText(await readFile('payments.csv'), 'payments.csv');
 * ```
 */
export function decodeText(bytes: Uint8Array, file: string, option: TextEncodingOption = 'auto'): DecodedText {
  let encoding: TextEncodingName;
  let validUtf8 = false;
  if (option !== 'auto') encoding = option;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if ((validUtf8 = isUtf8(bytes))) encoding = 'utf-8';
  else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new AdapterError('MALFORMED', `${file}: the file starts with a UTF-8 byte-order mark but is not valid UTF-8`, { file });
  } else encoding = 'gb18030';
  let text: string;
  if (validUtf8) {
    // Already validated: Buffer's decoder is the fastest.
    try {
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    } catch (e) {
      throw new AdapterError('UNREADABLE', `${file}: the file is too large to read as one text (${bytes.length} bytes); split it or load it from a database`, { file }, { cause: e });
    }
  } else {
    text = decodeWith(encoding, bytes, file);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}
