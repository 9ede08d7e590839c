/** The Action's version, recorded with every benchmark run it makes. */
export const ACTION_VERSION = "0.1.0";
