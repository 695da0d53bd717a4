import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: 'start the reference server (not built yet)',
  usage: ['serve [--port N] [--database URL]'],
  details: 'The reference server (runs, alerts, roles, disclosure, audit log) is not part of this build yet.',
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on' },
    host: { type: 'string', value: 'HOST', description: 'address to listen on' },
    database: { type: 'string', value: 'URL', description: 'PostgreSQL URL (default: SQLite under ./.sunshine/)' },
  },
  run() {
    return Promise.reject(new CliError('NOT_AVAILABLE', 'the reference server is not built yet in this version of sunshine; `sunshine run` writes reports meanwhile'));
  },
};
