// The playground reads no files: the page hands the worker the program's text (esbuild puts this
// module in place of src/parser/read-program.ts).

export function readProgramText(_file: string): string | null {
  return null;
}
