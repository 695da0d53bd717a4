import { describe, expect, it } from 'vitest';
import { CsvScanner, decodeText, parseCsv } from '@sunshine/adapters/csv';
import iconv from 'iconv-lite';

describe('parseCsv', () => {
  it('splits plain lines, LF or CRLF, and skips blank lines', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\n\n4,,6\r\n')).toEqual({ rows: [['a', 'b', 'c'], ['1', '2', '3'], ['4', '', '6']], lines: [1, 2, 4] });
    expect(parseCsv('a,b\n1,2')).toEqual({ rows: [['a', 'b'], ['1', '2']], lines: [1, 2] });
    expect(parseCsv('')).toEqual({ rows: [], lines: [] });
  });

  it('reads quoted fields: separators, escaped quotes, line breaks inside; rows numbered by their first line', () => {
    const text = 'id,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines\nthree"\r\n4,"",x\r\n5,after\r\n';
    expect(parseCsv(text)).toEqual({
      rows: [['id', 'note'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'two\r\nlines\nthree'], ['4', '', 'x'], ['5', 'after']],
      lines: [1, 2, 3, 4, 7, 8],
    });
  });

  it('is lenient where exports are sloppy: quotes inside unquoted fields, text after a closing quote', () => {
    expect(parseCsv('a,5" pipe,"x"y,z\n').rows).toEqual([['a', '5" pipe', 'xy', 'z']]);
    expect(parseCsv('"a","b"\n"",""\n').rows).toEqual([['a', 'b'], ['', '']]);
    expect(parseCsv('a,"b"\r\n').rows).toEqual([['a', 'b']]);
  });

  it('reads CR-only line ends (classic Mac OS exports) as line ends, with lines counted', () => {
    // An LF inside a quoted cell (Excel's in-cell line break) stays text.
    expect(parseCsv('a,b\r1,2\r\r3,"x\ry\nz"\r4,5')).toEqual({ rows: [['a', 'b'], ['1', '2'], ['3', 'x\ry\nz'], ['4', '5']], lines: [1, 2, 4, 6] });
    // Told by the first line break: in a CRLF file a lone CR is text.
    expect(parseCsv('a,b\r\n1,x\ry\r\n').rows).toEqual([['a', 'b'], ['1', 'x\ry']]);
  });

  it('uses another separator', () => {
    expect(parseCsv('a\tb\n"x\ty"\tz\n', { delimiter: '\t' }).rows).toEqual([['a', 'b'], ['x\ty', 'z']]);
    expect(() => new CsvScanner('', { delimiter: '"' })).toThrow(/`delimiter`/);
  });

  it('fails on an unclosed quote, naming file and line', () => {
    expect(() => parseCsv('a\n1\n"oops\nmore\n', { file: 'x.csv' })).toThrow('x.csv: line 3: a quoted field is never closed');
  });

  it('reads in batches that resume where they stopped', () => {
    const text = Array.from({ length: 10 }, (_, i) => (i % 3 ? `${i},"q${i}\n"` : `${i},p`)).join('\n');
    const scanner = new CsvScanner(text);
    const rows: string[][] = [];
    const lines: number[] = [];
    while (scanner.read(rows, lines, 3) > 0);
    expect(rows).toEqual(parseCsv(text).rows);
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(scanner.done).toBe(true);
  });

  it('parses like a reference parser on random CSV', () => {
    // Random fields of commas, quotes, CR, LF and Chinese; written with RFC 4180 quoting.
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const alphabet = ['a', '张', ',', '"', '\n', '\r\n', ' ', '1'];
    for (let k = 0; k < 200; k++) {
      const rows = Array.from({ length: 1 + rnd(5) }, () => Array.from({ length: 1 + rnd(4) }, () => Array.from({ length: rnd(6) }, () => alphabet[rnd(alphabet.length)]).join('')));
      const text = rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) || (r.length === 1 && f === '') ? `"${f.replaceAll('"', '""')}"` : f)).join(',')).join('\r\n');
      // A lone empty field is written quoted (`""`), so that it is a record, not a blank line.
      expect(parseCsv(text).rows).toEqual(rows);
    }
  });
});

describe('decodeText', () => {
  const text = '姓名,金额\n张三,1.00\n';
  it('reads UTF-8 with and without BOM, GB18030 and UTF-16 with BOM', () => {
    expect(decodeText(Buffer.from(text), 'f')).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.from(`\uFEFF${text}`), 'f')).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(iconv.encode(text, 'gb18030'), 'f')).toEqual({ text, encoding: 'gb18030' });
    expect(decodeText(iconv.encode(text, 'gbk'), 'f')).toEqual({ text, encoding: 'gb18030' });
    expect(decodeText(iconv.encode(`\uFEFF${text}`, 'utf16le'), 'f')).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Buffer.from(text), 'f', 'gb18030').text).not.toBe(text);
  });
  it('refuses text that is neither', () => {
    expect(() => decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x41]), 'bad.csv')).toThrow(/bad\.csv: .*byte-order mark but is not valid UTF-8/);
    expect(() => decodeText(Buffer.from([0x81, 0x20]), 'bad.csv')).toThrow(/bad\.csv: the file is not valid GB18030 text/);
  });
});
