// Find entities by name or alias.
//
// Answers: which nodes have a name or alias containing the text, with their label and how many
// relationships they have; by label then key.
// @param text string  part of a name, e.g. 潞城
// @example newsgraph query find_entity --param text=潞城
MATCH (n)
WHERE n.name CONTAINS $text OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $text)
OPTIONAL MATCH (n)-[r]-()
RETURN labels(n)[0] AS label, n.key AS key, n.name AS name, count(r) AS degree
ORDER BY label, key
