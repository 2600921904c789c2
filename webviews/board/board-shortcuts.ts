import type { BoardCommand } from '../../src/protocol/board';

/** Actions a key can trigger on the canvas. Undo/redo/save are left to VS Code on purpose. */
export type ShortcutAction = BoardCommand | 'copy' | 'cut' | 'paste' | 'selectAll' | 'contextMenu' | 'escape' | 'focusInspector';

/** Shortcuts as shown in menus and docs/board.md. */
export const SHORTCUTS: Record<ShortcutAction, string> = {
  run: 'F5',
  runFromHere: 'Alt+F5',
  stop: 'Shift+F5',
  pauseResume: 'F6',
  autoLayout: 'Shift+Alt+F',
  zoomToFit: 'Shift+1',
  toggleSnap: 'G',
  duplicate: 'Ctrl+D',
  focusPalette: '/',
  copy: 'Ctrl+C',
  cut: 'Ctrl+X',
  paste: 'Ctrl+V',
  selectAll: 'Ctrl+A',
  contextMenu: 'Shift+F10',
  escape: 'Escape',
  focusInspector: 'Enter',
};

/**
 * Keys VS Code binds to `symphony.board.*` commands (package.json keybindings), so users can rebind
 * them; the webview forwards its key presses to VS Code, so handling them here too would act twice.
 */
export const VS_CODE_BOUND: ReadonlySet<ShortcutAction> = new Set(['run', 'runFromHere', 'stop', 'pauseResume', 'autoLayout']);

/** The action for a key press on the canvas, if any. `mod` is Ctrl, or Cmd on macOS. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): ShortcutAction | undefined {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.shiftKey && !e.altKey) {
    if (key === 'c') return 'copy';
    if (key === 'x') return 'cut';
    if (key === 'v') return 'paste';
    if (key === 'd') return 'duplicate';
    if (key === 'a') return 'selectAll';
    return undefined;
  }
  if (mod) return undefined;
  if (e.key === 'F5') return e.shiftKey ? 'stop' : e.altKey ? 'runFromHere' : 'run';
  if (e.key === 'F6') return 'pauseResume';
  if (e.shiftKey && e.altKey && e.code === 'KeyF') return 'autoLayout';
  if (e.shiftKey && (e.code === 'Digit1' || key === '!')) return 'zoomToFit';
  if (e.shiftKey && e.key === 'F10') return 'contextMenu';
  if (e.key === 'ContextMenu') return 'contextMenu';
  if (e.altKey || e.shiftKey) return undefined;
  if (key === 'g') return 'toggleSnap';
  if (key === '/') return 'focusPalette';
  if (e.key === 'Escape') return 'escape';
  if (e.key === 'Enter') return 'focusInspector';
  return undefined;
}
