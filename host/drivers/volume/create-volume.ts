// VolumeDriver.Create: check the name and options, let the policy admit the
// volume and place its data, then create the data (and for size= the ext4
// image) and record it. Every step taken is undone if a later one fails.
import path from 'node:path';
import { conflict, denied, invalid, policyFailure } from '../../errors';
import { withRollback } from '../../linux/rollback';
import { ensureDirBeneath, splitRelativePath, type DirOptions } from '../../linux/safe-path';
import type { PolicyChoice } from '../../policy/decider';
import type { VolumeCreateRequest } from '../../protocol/volume-driver';
import { IMAGE_FILE, LAYOUT_KEY, type VolumeContext } from './context';
import { entryExists, existingDirBeneath, removeDirBeneath, removeFile } from '../../linux/data-dirs';
import { pathsOverlap } from './paths';
import { validateVolumeName } from './names';
import { HOST_OPTIONS, describeOptions, parseVolumeOptions, sameOptions, type VolumeOptions } from './options';

export async function createVolume(ctx: VolumeContext, req: VolumeCreateRequest): Promise<void> {
  // Both checks come before any policy call or filesystem access.
  const name = validateVolumeName(req.Name);
  const opts = req.Opts ?? {};
  const parsed = parseVolumeOptions(opts);

  await ctx.byName.run(name, () =>
    ctx.layout.run(LAYOUT_KEY, async () => {
      const existing = ctx.store.volumes.get(name);
      if (existing) {
        // dockerd asks Get first and skips Create for a volume we have, so a
        // Create for an existing name is a retry or another client: with
        // the same options it is the same volume, otherwise it is refused
        // rather than silently answered with a volume unlike the request.
        if (sameOptions(existing.options, opts)) return;
        throw conflict(
          `volume "${name}" already exists with ${describeOptions(existing.options)}, not ${describeOptions(opts)}; remove it first or repeat its options`,
        );
      }
      const choice = ctx.policy.choose({ policy: parsed.policy, tenant: parsed.tenant });
      await admit(ctx, name, opts, parsed, choice);
      await ctx.roots();
      const rel = await choosePath(ctx, name, opts, choice);
      await materialise(ctx, name, opts, parsed, choice, rel);
    }),
  );
}

async function admit(ctx: VolumeContext, name: string, opts: Record<string, string>, parsed: VolumeOptions, choice: PolicyChoice) {
  const mine = ctx.store.volumes.list().filter((v) => (v.tenant ?? '') === choice.tenant);
  const tenantVolumes = { count: mine.length, bytes: mine.reduce((sum, v) => sum + (v.sizeBytes ?? 0), 0) };
  const out = await ctx.policy.decide(
    'admitVolume',
    choice,
    { name, options: opts, sizeBytes: parsed.sizeBytes ?? 0, unknownOptions: parsed.unknown },
    { scope: { tenantVolumes } },
  );
  if (!out.allow) throw denied(`policy "${choice.policy}" refused volume "${name}": ${out.reason ?? 'no reason given'}`);
  const accepted = new Set(out.acceptOptions ?? []);
  const refused = parsed.unknown.filter((k) => !accepted.has(k));
  if (refused.length > 0) {
    throw invalid(
      `unknown volume option${refused.length > 1 ? 's' : ''} ${refused.map((k) => JSON.stringify(k)).join(', ')}: ` +
        `wasmvol understands ${HOST_OPTIONS.join(', ')}, and policy "${choice.policy}" did not accept ${refused.length > 1 ? 'these' : 'it'}`,
    );
  }
}

/** Why a policy's volume path cannot be used, or undefined. Also handed to the runtime so its log records the refusal. */
function pathProblem(ctx: VolumeContext, output: unknown): { kind: 'malformed' | 'taken'; why: string } | undefined {
  const rel = (output as { path?: unknown } | null)?.path;
  let parts: string[];
  try {
    parts = splitRelativePath(rel);
  } catch (err) {
    return { kind: 'malformed', why: (err as Error).message };
  }
  const wanted = path.join(ctx.dataRoot, ...parts);
  // Nested volumes would let one volume's container reach into another's
  // data, and removing the outer one would delete the inner one.
  const other = ctx.store.volumes.list().find((v) => pathsOverlap(v.dataPath, wanted));
  if (other) return { kind: 'taken', why: `data path "${rel as string}" overlaps the data of volume "${other.name}" (${other.dataPath})` };
  return undefined;
}

async function choosePath(ctx: VolumeContext, name: string, opts: Record<string, string>, choice: PolicyChoice): Promise<string> {
  const out = await ctx.policy.decide('volumePath', choice, { name, options: opts }, { verify: (o) => pathProblem(ctx, o)?.why });
  // Checked again here: the answer must never reach the filesystem unchecked,
  // whatever the runtime (or a stand-in for it) verified.
  const problem = pathProblem(ctx, out);
  if (problem?.kind === 'taken') throw conflict(`cannot create volume "${name}": policy "${choice.policy}" chose a ${problem.why}`);
  if (problem) throw policyFailure(`policy "${choice.policy}" (volumePath) chose an unusable data path for volume "${name}": ${problem.why}`);
  return out.path;
}

function ownerOptions(parsed: VolumeOptions): DirOptions {
  const o: DirOptions = {};
  if (parsed.uid !== null) o.uid = parsed.uid;
  if (parsed.gid !== null) o.gid = parsed.gid;
  if (parsed.mode !== null) o.mode = parsed.mode;
  return o;
}

async function materialise(
  ctx: VolumeContext,
  name: string,
  opts: Record<string, string>,
  parsed: VolumeOptions,
  choice: PolicyChoice,
  rel: string,
): Promise<void> {
  const owner = ownerOptions(parsed);
  const sized = parsed.sizeBytes !== null;
  await withRollback(async (rb) => {
    // A directory already there (left by a crash between mkdir and the
    // database commit) is adopted, and never deleted by a rollback.
    const existed = (await existingDirBeneath(ctx.dataRoot, rel)) !== undefined;
    const dataDir = await ensureDirBeneath(ctx.dataRoot, rel, sized ? {} : owner);
    if (!existed) rb.add(`delete "${dataDir}"`, () => removeDirBeneath(ctx.dataRoot, rel));
    if (parsed.sizeBytes !== null) {
      const image = path.join(dataDir, IMAGE_FILE);
      const imageExisted = await entryExists(image);
      await ctx.ops.makeImage(image, parsed.sizeBytes, { ...(owner.uid !== undefined && { uid: owner.uid }), ...(owner.gid !== undefined && { gid: owner.gid }) });
      if (existed && !imageExisted) rb.add(`delete "${image}"`, () => removeFile(image));
      if (Object.keys(owner).length > 0) await applyOwnerInsideImage(ctx, name, image, owner);
    }
    ctx.store.volumes.insert({
      name,
      options: { ...opts },
      dataPath: dataDir,
      policy: choice.policy,
      tenant: choice.tenant === '' ? null : choice.tenant,
      sizeBytes: parsed.sizeBytes,
      uid: parsed.uid,
      gid: parsed.gid,
      mode: parsed.mode,
    });
  });
  ctx.logger.info({ volume: name, dataPath: path.join(ctx.dataRoot, rel), policy: choice.policy, tenant: choice.tenant, sizeBytes: parsed.sizeBytes }, 'volume created');
}

/**
 * Owner and mode belong on the root of the volume's own filesystem. It is
 * mounted for this at the volume's mount point, which no container can be
 * using yet; a crash in between leaves a mount there without mount IDs,
 * which reconcile removes.
 */
async function applyOwnerInsideImage(ctx: VolumeContext, name: string, image: string, owner: DirOptions): Promise<void> {
  const target = await ensureDirBeneath(ctx.mountRoot, name);
  await ctx.ops.mountImage(image, target);
  try {
    await ensureDirBeneath(ctx.mountRoot, name, owner);
  } finally {
    await ctx.ops.unmount(target);
  }
}
