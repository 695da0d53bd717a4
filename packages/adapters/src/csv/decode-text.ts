/**
 * Decodes a whole text file once: UTF-8 with or without BOM, GB18030 (which covers GBK and
 * GB2312, the encodings of Chinese Excel's "CSV" export), or UTF-16 with a BOM (Excel's
 * "Unicode text"). A file that is not valid UTF-8 is GB18030. A file that is valid UTF-8 is
 * UTF-8 too, unless what it says in UTF-8 is implausible for a Chinese county's file and what
 * it says in GB18030 is Chinese: a GB18030 file whose only Chinese characters happen to be
 * valid UTF-8 byte pairs (the plate prefix 鲁 is C2 B3, `³` in UTF-8) reads as letters of the
 * Latin-1 supplement and Latin Extended blocks (`³N00163`) with no Chinese character at all,
 * and as Chinese in GB18030. A stated encoding (`encoding` option, mapping file, `--encoding`)
 * skips detection.
 */
import { isUtf8 } from 'node:buffer';
import { AdapterError } from '../adapter-error.js';

/** The encodings a text file may be read with. */
export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** `auto` detects (BOM, then UTF-8 validity and what the text says, else GB18030). */
export type TextEncodingOption = 'auto' | TextEncodingName;

/** Characters of Chinese text: CJK ideographs, radicals, CJK and full-width punctuation, surrogates of extension B+. */
const CHINESE = /[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/;
/** Characters a mis-decoded file shows (C1 controls, private use, replacement) that Chinese text never holds. */
const IMPLAUSIBLE = /[\u0080-\u009f\ue000-\uf8ff\ufffd]/;
/** A non-ASCII character. */
// eslint-disable-next-line no-control-regex -- U+0000 is the start of the ASCII range, not a control character sought
const NON_ASCII = /[^\u0000-\u007f]/;
/** A character of three or four UTF-8 bytes (CJK, but also “”…—€): such a file stays UTF-8. */
// eslint-disable-next-line no-control-regex -- as above
const BEYOND_TWO_BYTES = /[^\u0000-\u07ff]/;

/**
 * Whether a file that is valid UTF-8 (decoded to `utf8Text`) is in truth GB18030: in UTF-8 its
 * non-ASCII characters are all two-byte ones (U+0080–U+07FF: Latin-1 symbols and accents,
 * Latin Extended, Greek, Cyrillic…; never Chinese), and in GB18030 it decodes without error to
 * Chinese text with nothing implausible in it. Returns the GB18030 text then.
 */
function gb18030Instead(bytes: Uint8Array, utf8Text: string): string | undefined {
  if (!NON_ASCII.test(utf8Text) || BEYOND_TWO_BYTES.test(utf8Text)) return undefined;
  let gb: string;
  try {
    gb = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return CHINESE.test(gb) && !IMPLAUSIBLE.test(gb) ? gb : undefined;
}

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
}

function decodeWith(encoding: TextEncodingName, bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    if (/string (length|longer)/i.test(e instanceof Error ? e.message : '')) {
      throw new AdapterError('UNREADABLE', `${file}: the file is too large to read as one text (${bytes.length} bytes); split it or load it from a database`, { file }, { cause: e, messageZh: `${file}：文件太大（${bytes.length} 字节），无法作为一个文本读取；请拆分文件或从数据库导入` });
    }
    throw new AdapterError('MALFORMED', `${file}: the file is not valid ${encoding.toUpperCase()} text`, { file }, { cause: e, messageZh: `${file}：文件不是有效的 ${encoding.toUpperCase()} 文本（编码不对？可用 \`--encoding\` 指定）` });
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
    throw new AdapterError('MALFORMED', `${file}: the file starts with a UTF-8 byte-order mark but is not valid UTF-8`, { file }, { messageZh: `${file}：文件以 UTF-8 字节顺序标记开头，但内容不是有效的 UTF-8` });
  } else encoding = 'gb18030';
  let text: string;
  if (validUtf8) {
    // Already validated: Buffer's decoder is the fastest.
    try {
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    } catch (e) {
      throw new AdapterError('UNREADABLE', `${file}: the file is too large to read as one text (${bytes.length} bytes); split it or load it from a database`, { file }, { cause: e, messageZh: `${file}：文件太大（${bytes.length} 字节），无法作为一个文本读取；请拆分文件或从数据库导入` });
    }
    // A UTF-8 byte-order mark states UTF-8; without one, weigh what the text says.
    const gb = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? undefined : gb18030Instead(bytes, text);
    if (gb !== undefined) {
      text = gb;
      encoding = 'gb18030';
    }
  } else {
    text = decodeWith(encoding, bytes, file);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}
