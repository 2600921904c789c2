import * as vscode from 'vscode';
import type { CommandFactory } from './command-table';
import { BOARD_VIEW_TYPE } from '../board/board-view-type';

/** Opens a melody in the Harmonic Board: the given file, else the active editor's file. */
export const openBoard: CommandFactory = () => async (arg?: unknown) => {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !uri.path.endsWith('.melody')) {
    const picked = await vscode.window.showOpenDialog({ filters: { Melodies: ['melody'] }, canSelectMany: false, openLabel: 'Open in Harmonic Board' });
    if (!picked?.[0]) return;
    return vscode.commands.executeCommand('vscode.openWith', picked[0], BOARD_VIEW_TYPE);
  }
  return vscode.commands.executeCommand('vscode.openWith', uri, BOARD_VIEW_TYPE);
};
