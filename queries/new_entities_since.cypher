// New entities since a date.
//
// Answers: entities whose first mention (the earliest dated article that MENTIONS them) is on or
// after the date; by first mention, then label and key.
// @param since string  an ISO date, YYYY-MM-DD, e.g. 2023-08-01
// @example newsgraph query new_entities_since --param since=2023-08-01
MATCH (a:Article)-[:MENTIONS]->(n)
WHERE a.date IS NOT NULL
WITH n, min(a.date) AS first_seen
WHERE first_seen >= $since
RETURN labels(n)[0] AS label, n.key AS key, n.name AS name, first_seen
ORDER BY first_seen, label, key
