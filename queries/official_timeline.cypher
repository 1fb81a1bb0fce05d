// An official's career timeline: the posts they hold, with dates, from HOLDS_POSITION.
//
// Answers: in which division (or body) an official holds which titles as printed, the latest
// date an article gives, and how many articles say so; oldest first, undated last. The Python
// API's kg.timeline(name) gives one row per title, with first and last dates.
// @param official string  the official's key, e.g. 孟景伟
// @example newsgraph query official_timeline --param official=孟景伟
MATCH (o:Official {key: $official})-[h:HOLDS_POSITION]->(d)
RETURN d.key AS place, labels(d)[0] AS kind, split(h.title, '；') AS titles, h.date AS date,
       size(coalesce(h.article_ids, [])) AS articles
ORDER BY coalesce(h.date, '9999-99-99'), place
