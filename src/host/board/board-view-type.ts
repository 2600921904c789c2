/** The custom editor id of the Harmonic Board (package.json `customEditors`). */
export const BOARD_VIEW_TYPE = 'symphony.board';
