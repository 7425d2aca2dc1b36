// A Node client of `playbook serve` (Node 18+, no packages: the built-in fetch).
//
//   node examples/serve/client.mjs examples/cases/passing-the-ball.json
//   PLAYBOOK_URL=http://127.0.0.1:8000 PLAYBOOK_TOKEN=… node examples/serve/client.mjs case.json "draft reply"
//
// Decides the case, prints each violation with what to say instead, and — when a draft reply
// is given — asks whether sending it would add a violation.
import { readFile } from "node:fs/promises";

const base = process.env.PLAYBOOK_URL ?? "http://127.0.0.1:8000";
const headers = { "content-type": "application/json" };
if (process.env.PLAYBOOK_TOKEN) headers.authorization = `Bearer ${process.env.PLAYBOOK_TOKEN}`;

async function post(path, body) {
  const response = await fetch(base + path, { method: "POST", headers, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) {
    // errors carry the same located diagnostics the CLI prints
    for (const d of json.error.diagnostics) console.error(d.text);
    throw new Error(`${path}: ${response.status} ${json.error.code}`);
  }
  return json;
}

const [caseFile, draft] = process.argv.slice(2);
if (!caseFile) {
  console.error("usage: node client.mjs CASE.json [DRAFT-REPLY]");
  process.exit(2);
}
const caseData = JSON.parse(await readFile(caseFile, "utf8"));
const decision = await post("/v1/evaluate", caseData);
console.log(`${decision.case_id}: ${decision.severity} ${decision.priority}, ` +
            `${decision.violations.length} violation(s), playbook ${decision.playbook} ${decision.playbook_version}`);
for (const v of decision.violations) {
  console.log(`  ${v.taboo ?? v.rule}: ${v.message}` + (v.instead ? `\n    instead: ${v.instead}` : ""));
}
if (draft) {
  const check = await post("/v1/check-reply", { case: caseData, reply: draft });
  console.log(check.clean ? "draft: clean" : `draft adds: ${check.adds.map((v) => v.taboo ?? v.rule).join(", ")}`);
  for (const s of check.suggestions) console.log(`  ${s.taboo}: instead: ${s.instead}`);
}
