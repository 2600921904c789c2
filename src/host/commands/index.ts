import type { CommandFactory } from './command-table';
import { showLogs } from './show-logs';
import { openBoard } from './open-board';
import { newMelody } from './new-melody';
import { showExtensions } from './show-extensions';
import { runMelody } from './run-melody';
import { runOperator } from './run-operator';
import { setSecret } from './set-secret';

/** Every command Symphony contributes, by id. package.json `contributes.commands` lists the same ids. */
export const commands: Record<string, CommandFactory> = {
  'symphony.showLogs': showLogs,
  'symphony.openBoard': openBoard,
  'symphony.newMelody': newMelody,
  'symphony.showExtensions': showExtensions,
  'symphony.runMelody': runMelody,
  'symphony.runOperator': runOperator,
  'symphony.setSecret': setSecret,
};
