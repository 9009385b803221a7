// Bundles a policy into one CommonJS script for the engine.
import path from 'node:path';
import * as esbuild from 'esbuild';
import { PolicyBuildError } from './errors';
import type { SourceMapV3 } from './sourcemap';

export interface Bundle {
  code: string;
  map: SourceMapV3;
  // directory the map's sources are relative to
  sourcesDir: string;
  // absolute paths of the input files that contribute code to the bundle
  inputs: string[];
}

// Name the engine reports in stack traces; must match what the snapshot passes.
export const BUNDLE_NAME = 'policy.js';

// aliases: import specifiers resolved to files (e.g. 'wasmdriver/sdk').
export async function bundlePolicy(entry: string, aliases: Record<string, string> = {}): Promise<Bundle> {
  const cwd = process.cwd();
  const outdir = path.dirname(path.resolve(entry));
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: cwd,
      outfile: path.join(outdir, BUNDLE_NAME),
      bundle: true,
      format: 'cjs',
      target: 'es2020',
      platform: 'browser',
      write: false,
      metafile: true,
      sourcemap: 'external',
      sourcesContent: false,
      charset: 'utf8',
      legalComments: 'none',
      // Policies are ES modules, which are strict whatever tsconfig esbuild
      // happens to find; without this a policy built outside a strict
      // project would silently run in sloppy mode.
      banner: { js: '"use strict";' },
      logLevel: 'silent',
      alias: aliases,
    });
  } catch (err) {
    const first = (err as esbuild.BuildFailure).errors?.[0];
    if (!first) throw new PolicyBuildError(`esbuild failed: ${(err as Error).message}`, {}, { cause: err });
    const loc = first.location;
    throw new PolicyBuildError(
      first.text,
      loc ? { file: path.resolve(cwd, loc.file), line: loc.line, column: loc.column + 1 } : {},
      { cause: err },
    );
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !map) throw new PolicyBuildError('esbuild produced no output');
  // tree-shaken files are listed in metafile.inputs but contribute no bytes
  const used = Object.values(result.metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([p]) => path.resolve(cwd, p)),
  );
  return {
    code: js.text,
    map: JSON.parse(map.text) as SourceMapV3,
    sourcesDir: outdir,
    inputs: [...new Set(used)],
  };
}
