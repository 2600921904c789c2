// The editor for the golden-path walk: editor-session.ts's isolation (the packaged .vsix in a fresh
// extensions folder, Chromium on the workbench) with a copy of test/fixtures/golden-path as the
// workspace, which the walk owns and may change.
import path from 'node:path';
import { repoRoot } from '../../scripts/lib/code-server';
import { openEditorSession, type EditorSession } from './editor-session';

/** The workspace content the walk starts from. */
export const goldenFixture = path.join(repoRoot, 'test/fixtures/golden-path');

/** Opens code-server on a fresh copy of the golden-path workspace and waits for its Explorer. */
export function openGoldenSession(): Promise<EditorSession> {
  return openEditorSession({ fixture: goldenFixture, scratch: 'golden', readyRow: 'notes.txt', settings: { 'files.autoSave': 'off' } });
}
