// The evidence sentences for an edge.
//
// Answers: why the graph says start -[type]-> end: one row per evidence item, each a JSON object
// {source, article_id, sentence, start, end}. Nodes are given by key or by id ("Label:key").
// @param start string  the start node's key or id, e.g. 孟景伟
// @param end string  the end node's key or id
// @param type string = *  a relationship type (ATTENDED, SPOKE_AT, …) or * for any
// @example newsgraph query edge_evidence --param start=孟景伟 --param end="Meeting:通州区半年工作会议|2023-07-20|fixture#0"
MATCH (a)-[r]->(b)
WHERE (a.key = $start OR a.id = $start) AND (b.key = $end OR b.id = $end)
  AND ($type = '*' OR type(r) = $type)
UNWIND r.evidence_json AS evidence
RETURN type(r) AS type, a.id AS start, b.id AS end, evidence
ORDER BY type, start, end, evidence
