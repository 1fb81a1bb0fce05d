// A district's neighbourhood to depth 2.
//
// Answers: every node within two relationships of the district (either direction), with its
// distance; paths through Article nodes are ignored unless include_articles is true.
// @param district string  the district's key, e.g. 通州区
// @param include_articles bool = false  also follow MENTIONS through articles
// @example newsgraph query district_neighbourhood --param district=通州区
MATCH p = (d:District {key: $district})-[*1..2]-(n)
WHERE n <> d AND ($include_articles OR all(x IN nodes(p) WHERE NOT x:Article))
WITH n, min(length(p)) AS depth
RETURN depth, labels(n)[0] AS label, n.key AS key, n.name AS name
ORDER BY depth, label, key
