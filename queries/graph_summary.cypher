// How many nodes of each label the database holds.
//
// Answers: node counts per label, largest first (relationship counts: relationship_summary).
// @example newsgraph query graph_summary
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS nodes
ORDER BY nodes DESC, label
