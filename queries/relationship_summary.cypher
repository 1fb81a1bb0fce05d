// How many relationships of each type, between which labels.
//
// Answers: relationship counts per (start label, type, end label), largest first.
// @example newsgraph query relationship_summary
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS start_label, type(r) AS type, labels(b)[0] AS end_label, count(*) AS relationships
ORDER BY relationships DESC, start_label, type, end_label
