// @ts-check
/**
 * Names each module of the API reference after its import path (`@sunshine/core`,
 * `@sunshine/adapters/csv`) instead of its source folder (`core/src`, `adapters/src/csv`).
 */
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const m = /^([\w-]+)\/src(?:\/([\w-]+))?$/.exec(mod.name);
      if (m) mod.name = `@sunshine/${m[1]}${m[2] && m[2] !== 'index' ? `/${m[2]}` : ''}`;
    }
  });
}
