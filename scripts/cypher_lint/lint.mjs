// Lints Cypher statements with Neo4j's own front end (@neo4j-cypher/language-support: the
// parser and the semantic analysis of Neo4j 5 / Cypher 25, compiled to JavaScript).
//
// stdin:  {"versions": ["CYPHER 5", "CYPHER 25"],
//          "statements": [{"id": "...", "cypher": "...", "parameters": ["name", ...]}]}
// stdout: [{"id", "version", "diagnostics": [{"severity": "error"|"warning", "message",
//           "line", "column"}]}]   (line and column 1-based, in the statement as given)
// The caller (check.py) decides what fails; this script only reports.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const out = [];
for (const st of request.statements) {
  // Any value declares a parameter: the analysis only needs to know it exists.
  const parameters = Object.fromEntries((st.parameters ?? []).map((p) => [p, null]));
  for (const version of request.versions) {
    // The version on a line of its own, so positions in the statement are off by one line only.
    const query = `${version}\n${st.cypher}`;
    const { diagnostics } = lintCypherQuery(query, { parameters });
    out.push({
      id: st.id,
      version,
      diagnostics: diagnostics.map((d) => ({
        severity: d.severity === 1 ? 'error' : 'warning',
        message: d.message,
        line: d.range.start.line, // line 0 is the version line
        column: d.range.start.character + 1,
      })),
    });
  }
}
process.stdout.write(JSON.stringify(out));
