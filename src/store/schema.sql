-- The argx database: one file, read with any SQLite client.
--
--   sqlite3 argx.db 'select path, sentences from documents limit 5'
--
-- This file is the whole schema. It is compiled into the argx binary (CMake
-- embeds it) and applied to a new, empty database in one transaction.
-- PRAGMA user_version holds the schema version; argx refuses a database
-- whose version it does not know. Change the schema => bump the version at
-- the bottom and kSchemaVersion in store.h.
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

-- One row per input file. abs_path is the identity across runs; path is how
-- the file was named (relative to the folder given on the command line, or
-- the file name of a file given directly) and is what the export calls `doc`.
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
