/**
 * Masking for public disclosure (公示): names keep their first and last character (张*峰,
 * 李*), ID numbers their first six and last four digits (371426********1234). Bank accounts
 * are never disclosed, so they have no mask.
 */

/**
 * Masks a personal name: a single character is hidden; two keep the first; three or more
 * keep the first and the last.
 *
 * @example
 * ```ts
 * maskName('张海峰'); // '张*峰'
 * maskName('李明');   // '李*'
 * ```
 */
export function maskName(name: string): string {
  // Names are CJK or Latin letters: code points are the right unit here.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]!}*`;
  return `${chars[0]!}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]!}`;
}

/**
 * Masks an ID number: the first six (the region) and the last four stay.
 *
 * @example
 * ```ts
 * maskIdNumber('371426198409107716'); // '371426********7716'
 * ```
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
