/** The Symphony engine version; sub-extensions' `engine.symphony_version` ranges are checked against it. */
export const SYMPHONY_VERSION = '0.1.0';
