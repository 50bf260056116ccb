// The "ipcheck" module exists for its types (api/ipcheck.d.ts): programs written against it are
// checked by the ipcheck model checker, never run by Node (LANGUAGE.md: "ipcheck never runs the
// program it checks"). Importing it is a mistake, so it fails at once with what to do instead.
throw new Error(
  "ipcheck: this module only describes programs for the ipcheck model checker; they are never run by Node. Check the program instead: npx ipcheck <file.ts>",
);
