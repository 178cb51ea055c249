export const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');
