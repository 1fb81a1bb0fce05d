// Officials whose title changed.
//
// Answers: officials printed with more than one title across the corpus (e.g. 副区长 then 区长),
// with all titles in order of first sight and their dated posts (JSON objects); most titles first.
// @example newsgraph query title_changes
MATCH (o:Official)
WHERE size(coalesce(o.titles, [])) > 1
RETURN o.key AS official, size(o.titles) AS n_titles, o.titles AS titles, o.posts_json AS posts
ORDER BY n_titles DESC, official
