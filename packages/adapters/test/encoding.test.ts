/**
 * Encoding detection weighs what the text says (issue #16): a GB18030 file whose only Chinese
 * characters happen to be valid UTF-8 byte pairs is GB18030, not Latin-1 letters; and a mapping
 * file (`encoding`, file-wide or per dataset) or `openStore({ encoding })` can state it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadData } from '@sunshine/core';
import { createFolderSource, encodingOption, loadMapping, openStore, parseMapping, withMapping } from '@sunshine/adapters';
import { decodeText } from '@sunshine/adapters/csv';
import { tempDir } from './temp-dir.js';

const gb = (s: string): Buffer => iconv.encode(s, 'gb18030');
const VEHICLES = 'plate,owner_id_number,vehicle_type,registration_date,deregistration_date\n鲁N00163,371426198106025836,car,2005-06-24,\n鲁NU00059,371426199403243674,car,2006-01-11,2018-02-11\n';

describe('detection', () => {
  it('reads a GB18030 file whose only Chinese character (鲁 = C2 B3) is valid UTF-8 as GB18030', () => {
    const bytes = gb(VEHICLES);
    expect(bytes.includes(Buffer.from([0xc2, 0xb3]))).toBe(true);
    expect(Buffer.from(bytes).toString('utf8')).toContain('³N00163'); // what UTF-8 would say
    const { text, encoding } = decodeText(bytes, 'vehicles.csv');
    expect(encoding).toBe('gb18030');
    expect(text).toBe(VEHICLES);
  });

  it('reads other two-byte coincidences the same way (Latin-1 accents and symbols in UTF-8, Chinese in GB18030)', () => {
    // Every Chinese character whose GB18030 bytes are a valid two-byte UTF-8 sequence.
    for (const s of ['鲁', '虏', '茅', '掳', '录 鲁']) {
      const bytes = gb(`name\n${s}\n`);
      const utf8 = Buffer.from(bytes).toString('utf8');
      if (Buffer.from(utf8, 'utf8').equals(bytes)) expect(decodeText(bytes, 'x.csv')).toEqual({ text: `name\n${s}\n`, encoding: 'gb18030' });
    }
  });

  it('keeps UTF-8 for UTF-8 Chinese, ASCII, a BOM, and text with three-byte characters', () => {
    expect(decodeText(Buffer.from('name\n张三\n'), 'a').encoding).toBe('utf-8');
    expect(decodeText(Buffer.from('name\nZhang\n'), 'a').encoding).toBe('utf-8');
    expect(decodeText(Buffer.from('\uFEFFname\nJosé\n'), 'a')).toEqual({ text: 'name\nJosé\n', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('name\n“José” — 5 €\n'), 'a').encoding).toBe('utf-8');
    // Accents next to Chinese text: UTF-8.
    expect(decodeText(Buffer.from('name\n张三 José\n'), 'a').encoding).toBe('utf-8');
  });

  it('the price: a UTF-8 file of accented letters and no Chinese at all reads as GB18030 unless stated', () => {
    const jose = Buffer.from('name\nJosé\n');
    expect(decodeText(jose, 'a').encoding).toBe('gb18030');
    expect(decodeText(jose, 'a', 'utf-8').text).toBe('name\nJosé\n');
  });

  it('a stated encoding skips detection', () => {
    const bytes = gb(VEHICLES);
    expect(decodeText(bytes, 'v', 'utf-8').text).toContain('³N00163');
    expect(decodeText(bytes, 'v', 'gb18030').text).toBe(VEHICLES);
    expect(encodingOption('gbk')).toBe('gb18030');
    expect(encodingOption('utf8')).toBe('utf-8');
  });
});

describe('stated encodings', () => {
  it('a mapping file states one for all files or per dataset; openStore({ encoding }) over the file-wide one', async () => {
    const t = tempDir('encoding-mapping');
    try {
      writeFileSync(join(t.dir, 'vehicles.csv'), gb(VEHICLES));
      writeFileSync(join(t.dir, 'departments.csv'), 'department_code,name\nD01,民政局\n');
      const plate = async (source: Parameters<typeof loadData>[0]): Promise<unknown> => (await loadData(source, { datasets: ['vehicles'] })).tables.get('vehicles')![0]!['plate'];
      const folder = createFolderSource({ dir: t.dir });
      expect(await plate(withMapping(folder))).toBe('鲁N00163');
      expect(await plate(withMapping(folder, { encoding: 'utf8' }))).toBe('³N00163');
      expect(await plate(withMapping(folder, { encoding: 'utf8', datasets: { vehicles: { encoding: 'gbk' } } }))).toBe('鲁N00163');
      // The file-wide statement does not break the other files when a dataset says otherwise.
      const both = await loadData(withMapping(folder, { encoding: 'gb18030', datasets: { departments: { encoding: 'utf-8' } } }), { datasets: ['vehicles', 'departments'] });
      expect(both.tables.get('departments')).toEqual([{ department_code: 'D01', name: '民政局' }]);
      expect(both.tables.get('vehicles')![0]!['plate']).toBe('鲁N00163');

      writeFileSync(join(t.dir, 'mapping.json'), JSON.stringify({ encoding: 'utf-8' }));
      expect((await loadMapping(join(t.dir, 'mapping.json'))).encoding).toBe('utf-8');
      expect(await plate(await openStore({ kind: 'folder', dir: t.dir, mapping: join(t.dir, 'mapping.json') }))).toBe('³N00163');
      expect(await plate(await openStore({ kind: 'folder', dir: t.dir, mapping: join(t.dir, 'mapping.json'), encoding: 'gb18030' }))).toBe('鲁N00163');
      expect(await plate(await openStore({ kind: 'folder', dir: t.dir, encoding: 'utf-8' }))).toBe('³N00163');
    } finally {
      t.remove();
    }
  });

  it('refuses an encoding it does not know, with its pointer', () => {
    expect(() => parseMapping({ encoding: 'latin1' }, { file: 'm.json' })).toThrow(/m\.json#\/encoding: /);
    expect(() => parseMapping({ datasets: { vehicles: { encoding: 'big5' } } }, { file: 'm.json' })).toThrow(/m\.json#\/datasets\/vehicles\/encoding: /);
  });
});
