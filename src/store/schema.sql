-- The argx database: one file, read with any SQLite client.
--
--   sqlite3 argx.db 'select path, sentences from documents limit 5'
--
-- This file is the whole schema. It is compiled into the argx binary (CMake
-- embeds it) and applied to a new, empty database in one transaction.
-- PRAGMA user_version holds the schema version; argx refuses a database
-- whose version is newer than it knows. Change the schema => add a section
-- at the bottom that starts with a line "-- @version N" and ends with
-- "PRAGMA user_version = N;", and set kSchemaVersion in store.h to N. A new
-- database gets the whole file; an older one is upgraded by running the
-- sections after its version, in one transaction (Store::Open).
--
-- Offsets (start, end) are 0-based, end-exclusive, in Unicode code points
-- into documents.text, like the JSON Lines export. SQLite's substr() counts
-- characters on text values, so substr(text, start + 1, end - start) is the
-- span (see the views at the bottom).
--
-- Every extraction row has a `key`: a hash of the document's content hash,
-- the kind, the offsets and the extraction's main fields. It stays the same
-- when the same file is extracted again with rules that produce the same
-- item, so decisions made about an extraction (review) can refer to it.

-- One row per `argx extract` invocation.
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,          -- ISO 8601, UTC
  finished_at TEXT,                  -- NULL while running or when the run crashed
  argx_version TEXT NOT NULL,
  rules_fingerprint TEXT NOT NULL,   -- Extractor::fingerprint(): hex digest of all rule files
  options TEXT NOT NULL,             -- the command-line options, as a JSON object
  status TEXT NOT NULL DEFAULT 'running',  -- running | finished | interrupted | failed
  documents_new INTEGER NOT NULL DEFAULT 0,
  documents_changed INTEGER NOT NULL DEFAULT 0,    -- content or rules changed, or --force
  documents_unchanged INTEGER NOT NULL DEFAULT 0,  -- skipped: same content hash and rules
  files_skipped INTEGER NOT NULL DEFAULT 0,        -- unreadable, binary, empty, too large
  sentences INTEGER NOT NULL DEFAULT 0,            -- in the documents extracted by this run
  actors INTEGER NOT NULL DEFAULT 0,               -- actor mentions written by this run
  stances INTEGER NOT NULL DEFAULT 0,
  claims INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0                 -- bytes read
);

-- One row per input file (or per record of a JSON Lines, JSON or CSV file:
-- then path and abs_path end in "#ID" or ":LINE", and content_hash and
-- size_bytes are of the record's text). abs_path is the identity across
-- runs; path is how the file was named (relative to the folder given on the
-- command line, or the file name of a file given directly) and is what the
-- export calls `doc`. For an HTML page, text is the article's extracted text.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  abs_path TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,        -- SHA-256 of the raw file bytes, hex
  size_bytes INTEGER NOT NULL,       -- raw file size
  encoding TEXT NOT NULL,            -- as detected: UTF-8, UTF-16LE, windows-1252, ...
  text TEXT NOT NULL,                -- the decoded text (UTF-8, BOM removed, nothing else changed)
  sentences INTEGER NOT NULL,        -- number of rows in `sentences` for this document
  rules_fingerprint TEXT NOT NULL,   -- the rules that produced the extractions
  run_id INTEGER NOT NULL REFERENCES runs(id),
  extracted_at TEXT NOT NULL         -- ISO 8601, UTC
);
CREATE INDEX documents_path ON documents(path);

-- Sentence boundaries. The text is substr(documents.text, start + 1, end - start):
-- the view sentence_texts spells it out.
CREATE TABLE sentences (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  n INTEGER NOT NULL,                -- 0-based, in document order
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  PRIMARY KEY (document_id, n),
  CHECK (0 <= start AND start <= end)
) WITHOUT ROWID;

-- Canonical actors, shared by all documents. Written (upserted) when an
-- extraction refers to them; the last definition seen wins.
CREATE TABLE actors (
  id TEXT PRIMARY KEY,               -- "FRA", "person:emmanuel-macron", lexicon id
  name TEXT NOT NULL,                -- canonical name: "France"
  type TEXT NOT NULL,                -- state | organization | person | group
  affiliation TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT ''    -- lexicon or rule that defined it
);

-- Each place a text names an actor.
CREATE TABLE actor_mentions (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  actor_id TEXT NOT NULL REFERENCES actors(id),
  rule TEXT NOT NULL,
  CHECK (0 <= start AND start <= end)
);
CREATE INDEX actor_mentions_document ON actor_mentions(document_id, start);
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);
CREATE INDEX actor_mentions_key ON actor_mentions(key);

-- An actor supporting or opposing something. start/end span the evidence
-- (holder, cue and target); the holder_, target_ and cue_ offsets are the
-- parts (equal start and end: not captured).
CREATE TABLE stances (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  holder_id TEXT REFERENCES actors(id),  -- NULL when the holder is not a known actor
  holder TEXT NOT NULL,              -- canonical name of the holder
  holder_text TEXT NOT NULL,         -- the holder's words (may be a resolved pronoun)
  holder_start INTEGER NOT NULL,
  holder_end INTEGER NOT NULL,
  polarity TEXT NOT NULL CHECK (polarity IN ('support', 'oppose')),
  target TEXT NOT NULL,
  target_start INTEGER NOT NULL,
  target_end INTEGER NOT NULL,
  cue TEXT NOT NULL,
  cue_start INTEGER NOT NULL,
  cue_end INTEGER NOT NULL,
  rule TEXT NOT NULL,
  CHECK (0 <= start AND start <= end)
);
CREATE INDEX stances_document ON stances(document_id, start);
CREATE INDEX stances_key ON stances(key);

-- A proposition asserted by an actor or by the author of the text.
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  claimant_id TEXT REFERENCES actors(id),  -- NULL for AUTHOR or an unknown actor
  claimant TEXT NOT NULL,            -- 'AUTHOR' or the canonical name
  claimant_text TEXT NOT NULL,       -- empty for AUTHOR
  claimant_start INTEGER NOT NULL,
  claimant_end INTEGER NOT NULL,
  claim_type TEXT NOT NULL CHECK (claim_type IN ('prediction', 'normative', 'assertion')),
  cue TEXT NOT NULL,
  cue_start INTEGER NOT NULL,
  cue_end INTEGER NOT NULL,
  content TEXT NOT NULL,
  content_start INTEGER NOT NULL,
  content_end INTEGER NOT NULL,
  hedges TEXT NOT NULL DEFAULT '[]', -- JSON array of strings: ["likely", "could"]
  rule TEXT NOT NULL,
  CHECK (0 <= start AND start <= end)
);
CREATE INDEX claims_document ON claims(document_id, start);
CREATE INDEX claims_key ON claims(key);

-- Sentences with their text.
CREATE VIEW sentence_texts AS
  SELECT s.document_id, d.path, s.n, s.start, s.end,
         substr(d.text, s.start + 1, s.end - s.start) AS text
  FROM sentences s JOIN documents d ON d.id = s.document_id;

-- Mentions with their actor and document, for ad-hoc queries:
--   select actor, count(*) from mentions group by actor order by 2 desc
CREATE VIEW mentions AS
  SELECT m.id, d.path, m.sentence, m.start, m.end, m.text,
         a.name AS actor, a.id AS actor_id, a.type AS actor_type, m.rule
  FROM actor_mentions m
  JOIN documents d ON d.id = m.document_id
  JOIN actors a ON a.id = m.actor_id;

PRAGMA user_version = 1;


-- @version 2 ----------------------------------------------------------------
-- Review: decisions people make about extractions, views to read the
-- database by, and full-text search over sentences.
--
--   sqlite3 argx.db 'select holder, polarity, target, status from v_stances where holder = "France"'
--   sqlite3 argx.db 'select path, text from v_search where search match "veto" order by rank'
--   sqlite3 argx.db 'select rule, status, count(*) from v_reviews group by 1, 2'

-- One decision per extraction, keyed by the extraction's `key` (never its
-- row id): `argx extract` replaces extraction rows but never touches this
-- table, so a decision comes back with its extraction when a re-run produces
-- the same item, and stays here, `orphaned` in v_reviews, when it does not.
-- The snapshot columns keep an orphaned decision readable (and usable by
-- `argx review export-examples`) after its extraction is gone.
CREATE TABLE reviews (
  key TEXT PRIMARY KEY,              -- stances.key, claims.key or actor_mentions.key
  kind TEXT NOT NULL CHECK (kind IN ('actor', 'stance', 'claim')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'corrected')),
  corrected TEXT,                    -- JSON object {field: value} when corrected, else NULL
  note TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL,            -- $USER unless given
  reviewed_at TEXT NOT NULL,         -- ISO 8601, UTC, of the last change
  rule TEXT NOT NULL,                -- snapshot: the extraction's rule,
  path TEXT NOT NULL,                --   its document's path,
  sentence_text TEXT NOT NULL,       --   its sentence,
  extraction TEXT NOT NULL           --   and its fields, as a JSON object
) WITHOUT ROWID;
CREATE INDEX reviews_rule ON reviews(rule, status);

-- Every change to `reviews`, in order: who decided what when. Append-only.
CREATE TABLE review_log (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  status TEXT NOT NULL,
  corrected TEXT,
  note TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_log_key ON review_log(key);

-- Joins the views make: holder/claimant per actor, filters by rule.
CREATE INDEX stances_holder ON stances(holder_id, polarity);
CREATE INDEX stances_rule ON stances(rule);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE INDEX claims_rule ON claims(rule);
CREATE INDEX actor_mentions_rule ON actor_mentions(rule);

-- Full-text search over sentences. Contentless (the text lives in
-- documents.text); the rowid of a sentence is document_id * 16777216 + n.
-- The triggers keep it in step with `sentences`: argx extract deletes a
-- document's sentences before it rewrites the document's text, so the old
-- text is still there to remove from the index. Query it through v_search.
CREATE VIRTUAL TABLE sentence_search USING fts5(
  text, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER sentences_search_insert AFTER INSERT ON sentences BEGIN
  INSERT INTO sentence_search (rowid, text)
    SELECT new.document_id * 16777216 + new.n, substr(d.text, new.start + 1, new.end - new.start)
    FROM documents d WHERE d.id = new.document_id;
END;
CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences BEGIN
  INSERT INTO sentence_search (sentence_search, rowid, text)
    SELECT 'delete', old.document_id * 16777216 + old.n,
           substr(d.text, old.start + 1, old.end - old.start)
    FROM documents d WHERE d.id = old.document_id;
END;
-- Deleting a document: remove its sentences while its text is still there.
CREATE TRIGGER documents_search_delete BEFORE DELETE ON documents BEGIN
  DELETE FROM sentences WHERE document_id = old.id;
END;
INSERT INTO sentence_search (rowid, text)
  SELECT s.document_id * 16777216 + s.n, substr(d.text, s.start + 1, s.end - s.start)
  FROM sentences s JOIN documents d ON d.id = s.document_id;

-- Sentences matching a full-text query, best first:
--   select path, n, text from v_search where search match 'veto OR sanction*' order by rank
CREATE VIEW v_search AS
  SELECT d.path, s.n, substr(d.text, s.start + 1, s.end - s.start) AS text, s.document_id,
         f.rank, f.sentence_search AS search
  FROM sentence_search f
  JOIN sentences s ON s.document_id = f.rowid >> 24 AND s.n = (f.rowid & 16777215)
  JOIN documents d ON d.id = s.document_id;

-- The views below show an extraction with its review: `status` is pending
-- until someone decides, and a correction's values replace the extracted
-- ones (the JSON in `corrected` says which).

-- One row per stance.
CREATE VIEW v_stances AS
  SELECT s.key, d.path, s.sentence,
         substr(d.text, se.start + 1, se.end - se.start) AS sentence_text,
         coalesce(json_extract(r.corrected, '$.holder'), s.holder) AS holder,
         s.holder_text,
         coalesce(json_extract(r.corrected, '$.polarity'), s.polarity) AS polarity,
         coalesce(json_extract(r.corrected, '$.target'), s.target) AS target,
         coalesce(json_extract(r.corrected, '$.cue'), s.cue) AS cue,
         s.rule, coalesce(r.status, 'pending') AS status, r.note, r.reviewer, r.reviewed_at,
         r.corrected, s.holder_id, s.start, s.end, s.document_id, s.id
  FROM stances s
  JOIN documents d ON d.id = s.document_id
  JOIN sentences se ON se.document_id = s.document_id AND se.n = s.sentence
  LEFT JOIN reviews r ON r.key = s.key;

-- One row per claim.
CREATE VIEW v_claims AS
  SELECT c.key, d.path, c.sentence,
         substr(d.text, se.start + 1, se.end - se.start) AS sentence_text,
         coalesce(json_extract(r.corrected, '$.claimant'), c.claimant) AS claimant,
         c.claimant_text,
         coalesce(json_extract(r.corrected, '$.claim_type'), c.claim_type) AS claim_type,
         coalesce(json_extract(r.corrected, '$.cue'), c.cue) AS cue,
         coalesce(json_extract(r.corrected, '$.content'), c.content) AS content,
         c.hedges, c.rule, coalesce(r.status, 'pending') AS status, r.note, r.reviewer,
         r.reviewed_at, r.corrected, c.claimant_id, c.start, c.end, c.document_id, c.id
  FROM claims c
  JOIN documents d ON d.id = c.document_id
  JOIN sentences se ON se.document_id = c.document_id AND se.n = c.sentence
  LEFT JOIN reviews r ON r.key = c.key;

-- One row per actor mention.
CREATE VIEW v_mentions AS
  SELECT m.key, d.path, m.sentence,
         substr(d.text, se.start + 1, se.end - se.start) AS sentence_text, m.text,
         coalesce(json_extract(r.corrected, '$.actor'), a.name) AS actor, a.id AS actor_id,
         a.type AS actor_type, m.rule, coalesce(r.status, 'pending') AS status, r.note,
         r.reviewer, r.reviewed_at, r.corrected, m.start, m.end, m.document_id, m.id
  FROM actor_mentions m
  JOIN actors a ON a.id = m.actor_id
  JOIN documents d ON d.id = m.document_id
  JOIN sentences se ON se.document_id = m.document_id AND se.n = m.sentence
  LEFT JOIN reviews r ON r.key = m.key;

-- One row per actor: how often it is named, and the stances and claims it holds.
CREATE VIEW v_actors AS
  SELECT a.id, a.name, a.type, a.affiliation,
         (SELECT count(*) FROM actor_mentions m WHERE m.actor_id = a.id) AS mentions,
         (SELECT count(DISTINCT m.document_id) FROM actor_mentions m
          WHERE m.actor_id = a.id) AS documents,
         (SELECT count(*) FROM stances s
          WHERE s.holder_id = a.id AND s.polarity = 'support') AS supports,
         (SELECT count(*) FROM stances s
          WHERE s.holder_id = a.id AND s.polarity = 'oppose') AS opposes,
         (SELECT count(*) FROM claims c WHERE c.claimant_id = a.id) AS claims
  FROM actors a;

-- Every extraction not decided yet, in document order (what `argx review`
-- shows), with a one-line summary.
CREATE VIEW v_review_queue AS
  SELECT x.key, x.kind, d.path, x.sentence,
         substr(d.text, se.start + 1, se.end - se.start) AS sentence_text, x.summary, x.rule,
         coalesce(r.status, 'pending') AS status, x.document_id, x.start, x.end
  FROM (SELECT key, 'stance' AS kind, document_id, sentence, start, end, rule,
               holder || (CASE polarity WHEN 'support' THEN ' supports ' ELSE ' opposes ' END)
               || target AS summary
        FROM stances
        UNION ALL
        SELECT key, 'claim', document_id, sentence, start, end, rule,
               claimant || ' (' || claim_type || '): ' || content
        FROM claims
        UNION ALL
        SELECT m.key, 'actor', m.document_id, m.sentence, m.start, m.end, m.rule,
               m.text || ' = ' || a.name
        FROM actor_mentions m JOIN actors a ON a.id = m.actor_id) x
  JOIN documents d ON d.id = x.document_id
  JOIN sentences se ON se.document_id = x.document_id AND se.n = x.sentence
  LEFT JOIN reviews r ON r.key = x.key
  WHERE r.status IS NULL OR r.status = 'pending';

-- Every decision, with `state`: its status, or 'orphaned' when no current
-- extraction has its key (a re-run with other rules or text dropped it).
CREATE VIEW v_reviews AS
  SELECT r.key, r.kind,
         CASE WHEN (r.kind = 'stance' AND EXISTS (SELECT 1 FROM stances s WHERE s.key = r.key))
                OR (r.kind = 'claim' AND EXISTS (SELECT 1 FROM claims c WHERE c.key = r.key))
                OR (r.kind = 'actor'
                    AND EXISTS (SELECT 1 FROM actor_mentions m WHERE m.key = r.key))
              THEN r.status ELSE 'orphaned' END AS state,
         r.status, r.corrected, r.note, r.reviewer, r.reviewed_at, r.rule, r.path,
         r.sentence_text, r.extraction
  FROM reviews r;

PRAGMA user_version = 2;


-- @version 3 ----------------------------------------------------------------
-- The full-text index is filled by argx itself (Store::PutDocument inserts
-- each sentence's text into sentence_search next to its `sentences` row)
-- instead of by a trigger: the trigger cut every sentence out of the stored
-- document with substr(), which reads the whole text and counts code points
-- from its start each time, and made writing a database several times
-- slower. Rows inserted into `sentences` by hand are therefore not indexed.
-- Removing them still goes through sentences_search_delete.
DROP TRIGGER sentences_search_insert;

PRAGMA user_version = 3;


-- @version 4 ----------------------------------------------------------------
-- Cheaper writing (issue 7).
--
-- Rewriting a document (a changed file, or --force) removed its old
-- sentences from the full-text index through sentences_search_delete, which
-- cut each one out of the stored text with substr(): quadratic per document,
-- like the insert trigger before version 3, and most of the time of a
-- --force run. argx now removes them itself, cutting the old text in one
-- pass, and while it deletes the `sentences` rows of the document it lists
-- the document in search_unindexed, which the trigger skips. Every other
-- delete (by hand, or through deleting the document) still goes through the
-- trigger. The table is empty between writes.
CREATE TABLE search_unindexed (
  document_id INTEGER PRIMARY KEY    -- its sentences are already out of sentence_search
);
DROP TRIGGER sentences_search_delete;
CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences
WHEN NOT EXISTS (SELECT 1 FROM search_unindexed u WHERE u.document_id = old.document_id)
BEGIN
  INSERT INTO sentence_search (sentence_search, rowid, text)
    SELECT 'delete', old.document_id * 16777216 + old.n,
           substr(d.text, old.start + 1, old.end - old.start)
    FROM documents d WHERE d.id = old.document_id;
END;

-- The rule indexes of the extraction tables: no query of argx uses them
-- (review's --rule filter also matches rule prefixes, which they cannot
-- answer), and every stored row paid for them. IF EXISTS: a run that died
-- while bulk loading had dropped them (Store::BeginBulkLoad).
DROP INDEX IF EXISTS actor_mentions_rule;
DROP INDEX IF EXISTS stances_rule;
DROP INDEX IF EXISTS claims_rule;

PRAGMA user_version = 4;


-- @version 5 ----------------------------------------------------------------
-- Metadata of documents (issue 13): when, which outlet, which title. It comes
-- from the input (a JSON or CSV record's fields, an HTML page's meta tags and
-- JSON-LD), a sidecar file NAME.meta.json or a --meta-table row. A document
-- without any has no row here.
--
--   sqlite3 argx.db 'select path, date, source, title from v_documents order by date'
--   sqlite3 argx.db 'select source, polarity, count(*) from v_stances where holder = "France" group by 1, 2'
CREATE TABLE document_meta (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  date TEXT,                         -- ISO 8601: '2024-03-05' or '2024-03-05T10:00:00Z'; NULL when unknown or unparsed
  date_raw TEXT,                     -- the date as given ('Tue, 05 Mar 2024 10:00:00 GMT')
  source TEXT,                       -- the outlet: 'Le Monde', 'reuters.com'
  title TEXT,
  url TEXT,
  author TEXT,                       -- several joined with '; '
  extra TEXT                         -- other key/values as a JSON object of strings, or NULL
);
CREATE INDEX document_meta_date ON document_meta(date);
CREATE INDEX document_meta_source ON document_meta(source);

-- One row per document with its metadata (NULL where unknown).
CREATE VIEW v_documents AS
  SELECT d.id, d.path, m.date, m.source, m.title, m.url, m.author, m.extra, d.sentences,
         d.size_bytes, d.extracted_at
  FROM documents d LEFT JOIN document_meta m ON m.document_id = d.id;

-- v_stances and v_claims gain the document's date and source (last columns).
DROP VIEW v_stances;
CREATE VIEW v_stances AS
  SELECT s.key, d.path, s.sentence,
         substr(d.text, se.start + 1, se.end - se.start) AS sentence_text,
         coalesce(json_extract(r.corrected, '$.holder'), s.holder) AS holder,
         s.holder_text,
         coalesce(json_extract(r.corrected, '$.polarity'), s.polarity) AS polarity,
         coalesce(json_extract(r.corrected, '$.target'), s.target) AS target,
         coalesce(json_extract(r.corrected, '$.cue'), s.cue) AS cue,
         s.rule, coalesce(r.status, 'pending') AS status, r.note, r.reviewer, r.reviewed_at,
         r.corrected, s.holder_id, s.start, s.end, s.document_id, s.id, m.date, m.source
  FROM stances s
  JOIN documents d ON d.id = s.document_id
  JOIN sentences se ON se.document_id = s.document_id AND se.n = s.sentence
  LEFT JOIN reviews r ON r.key = s.key
  LEFT JOIN document_meta m ON m.document_id = s.document_id;

DROP VIEW v_claims;
CREATE VIEW v_claims AS
  SELECT c.key, d.path, c.sentence,
         substr(d.text, se.start + 1, se.end - se.start) AS sentence_text,
         coalesce(json_extract(r.corrected, '$.claimant'), c.claimant) AS claimant,
         c.claimant_text,
         coalesce(json_extract(r.corrected, '$.claim_type'), c.claim_type) AS claim_type,
         coalesce(json_extract(r.corrected, '$.cue'), c.cue) AS cue,
         coalesce(json_extract(r.corrected, '$.content'), c.content) AS content,
         c.hedges, c.rule, coalesce(r.status, 'pending') AS status, r.note, r.reviewer,
         r.reviewed_at, r.corrected, c.claimant_id, c.start, c.end, c.document_id, c.id, m.date,
         m.source
  FROM claims c
  JOIN documents d ON d.id = c.document_id
  JOIN sentences se ON se.document_id = c.document_id AND se.n = c.sentence
  LEFT JOIN reviews r ON r.key = c.key
  LEFT JOIN document_meta m ON m.document_id = c.document_id;

PRAGMA user_version = 5;
