// Reads a program's text from disk (the CLI's side of the parser: the playground has the text already).
import { readFileSync } from "node:fs";

export function readProgramText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
