// Modules the playground's build (scripts/build-playground.mjs) makes at build time.

declare module "virtual:ipcheck-declarations" {
  /** absolute path → text: TypeScript's lib files the parser uses and the ipcheck API declarations */
  const files: Record<string, string>;
  export default files;
}

declare module "virtual:ipcheck-examples" {
  /** every program in examples/, by path, in path order */
  const examples: { readonly name: string; readonly source: string }[];
  export default examples;
}
