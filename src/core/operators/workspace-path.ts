import fs from 'node:fs';
import path from 'node:path';
import { OperatorError, type Item, type OperatorContext } from './operator';

/**
 * Resolves a melody path against the workspace and refuses anything that ends up outside it —
 * after following symlinks, so a link inside the workspace cannot reach `/etc`.
 */
export function resolveInWorkspace(ctx: OperatorContext, relative: string, param = 'path'): string {
  if (typeof relative !== 'string' || !relative.trim()) {
    throw new OperatorError('InvalidParameter', `${ctx.nodeName}: parameter "${param}" needs a path relative to the workspace, e.g. "src/index.ts"`);
  }
  const root = realOrSelf(ctx.workspaceRoot);
  const target = path.resolve(root, relative);
  const real = realOfExistingPrefix(target);
  if (real !== root && !real.startsWith(root + path.sep)) {
    throw new OperatorError('PermissionDenied', `${ctx.nodeName}: "${relative}" is outside the workspace (${root}); melodies may only touch files inside it`, {
      permission: param === 'path' ? 'fs.read' : param,
      target,
    });
  }
  return target;
}

/** The workspace-relative form of an absolute path, with forward slashes. */
export function relativeToWorkspace(ctx: OperatorContext, absolute: string): string {
  return path.relative(realOrSelf(ctx.workspaceRoot), absolute).split(path.sep).join('/');
}

/** The items an operator works through: its input items, or one empty item when it starts a melody. */
export function itemsOf(inputs: Item[][]): Item[] {
  const items = inputs[0];
  return items && items.length ? items : [{ json: {} }];
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** realpath of the longest existing prefix, with the missing rest appended (for files to be created). */
function realOfExistingPrefix(target: string): string {
  let existing = target;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realOrSelf(existing), ...rest);
}
