/**
 * Attachment media types as the client gives them are not trusted: a type is kept only when it
 * is a plain `type/subtype` (with an optional charset), and types a browser would run or render
 * as a page (HTML, SVG, XML, scripts) become `application/octet-stream`.
 */

const TOKEN = '[a-z0-9][a-z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^(${TOKEN})/(${TOKEN})(?:\\s*;\\s*charset=("?)([a-z0-9_.:-]{1,40})\\3)?$`);
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript|application\/ecmascript|text\/ecmascript|application\/x-javascript|text\/xsl|multipart\/.*|message\/.*)$|\+xml$/;

/** The safe media type to keep and serve for what a client said. */
export function sanitizeMediaType(given: string): string {
  const m = MEDIA_TYPE.exec(given.trim().toLowerCase());
  if (!m) return 'application/octet-stream';
  const type = `${m[1]!}/${m[2]!}`;
  if (ACTIVE.test(type)) return 'application/octet-stream';
  return m[4] ? `${type}; charset=${m[4]}` : type;
}
