// Ambient declarations for checking programs without Node's types (`types: []`): LANGUAGE.md §3
// lets a program print with console.log, recorded in the trace like printf.
declare var console: { log(...data: unknown[]): void };
